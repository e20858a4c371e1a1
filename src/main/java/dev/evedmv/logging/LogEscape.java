package dev.evedmv.logging;

/**
 * Shows control characters as escapes: {@code \n}, {@code \r} and {@code \t} by name, the rest
 * (C0, DEL, C1, and the Unicode line and paragraph separators) as a backslash, {@code u} and four hex digits
 * (a NUL byte becomes six characters).
 * Other text, backslashes included, is kept as it is.
 */
public final class LogEscape {
    private LogEscape() {
    }

    /** {@code text} with every control character escaped; the same string when there is none. */
    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        int first = 0;
        while (first < text.length() && !needsEscape(text.charAt(first))) {
            first++;
        }
        if (first == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (needsEscape(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static boolean needsEscape(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }
}
