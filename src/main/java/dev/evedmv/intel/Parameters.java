package dev.evedmv.intel;

/**
 * The rules every request parameter follows before it reaches a query: whole numbers are ASCII
 * digits only (no sign, no other script's digits, which {@link Long#parseLong} would take), and
 * text holds no control character (PostgreSQL refuses NUL; the others have no place in a name).
 */
public final class Parameters {
    private Parameters() {
    }

    /**
     * The value of {@code text}: the digits 0-9 and nothing else, at most {@link Long#MAX_VALUE}.
     * Callers check the range they accept; this rejects what is not a number at all.
     */
    public static long wholeNumber(String parameter, String text) {
        if (text == null || text.isEmpty() || !isAsciiDigits(text)) {
            throw new InvalidQueryException("invalid " + parameter, "'" + shown(text)
                    + "' is not a whole number (digits 0-9)");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new InvalidQueryException("invalid " + parameter, "'" + shown(text) + "' is too large");
        }
    }

    /** Throws unless {@code value} is free of control characters (U+0000-U+001F, U+007F-U+009F). */
    public static void checkText(String parameter, String value) {
        if (value != null && value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidQueryException("invalid " + shown(parameter), shown(parameter) + " holds a control character");
        }
    }

    private static boolean isAsciiDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** At most 40 characters of a rejected value, for an error detail. */
    public static String shown(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
