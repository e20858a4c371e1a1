package dev.evedmv.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** {@code %emsg}: the formatted message with control characters escaped ({@link LogEscape}). */
public final class EscapedMessageConverter extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return LogEscape.escape(super.convert(event));
    }
}
