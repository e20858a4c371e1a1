package dev.evedmv.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;

/**
 * {@code %eex}: the stack trace as {@code %ex} writes it, with the message of every exception in
 * it (causes and suppressed ones too) escaped ({@link LogEscape}): an exception message often
 * quotes the input that caused it.
 */
public final class EscapedThrowableConverter extends ThrowableProxyConverter {
    @Override
    protected String throwableProxyToString(IThrowableProxy proxy) {
        return super.throwableProxyToString(Escaped.of(proxy));
    }

    /** The proxy with its message, and those of its causes and suppressed exceptions, escaped. */
    private record Escaped(IThrowableProxy proxy, IThrowableProxy cause, IThrowableProxy[] suppressed)
            implements IThrowableProxy {
        static IThrowableProxy of(IThrowableProxy proxy) {
            if (proxy == null) {
                return null;
            }
            IThrowableProxy[] inner = proxy.getSuppressed();
            IThrowableProxy[] suppressed = inner == null ? null : new IThrowableProxy[inner.length];
            for (int i = 0; suppressed != null && i < inner.length; i++) {
                suppressed[i] = of(inner[i]);
            }
            // a cyclic cause is written by logback as a reference, not followed
            IThrowableProxy cause = proxy.isCyclic() ? proxy.getCause() : of(proxy.getCause());
            return new Escaped(proxy, cause, suppressed);
        }

        @Override
        public String getMessage() {
            return LogEscape.escape(proxy.getMessage());
        }

        @Override
        public String getClassName() {
            return proxy.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return proxy.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return proxy.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            return cause;
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            return suppressed;
        }

        @Override
        public boolean isCyclic() {
            return proxy.isCyclic();
        }
    }
}
