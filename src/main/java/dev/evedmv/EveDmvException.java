package dev.evedmv;

/**
 * Root of eve-dmv's unchecked exceptions. Its message is the one line a user sees; the cause
 * carries the detail that goes to the log (and to the terminal with {@code --verbose}).
 */
public class EveDmvException extends RuntimeException {
    public EveDmvException(String message) {
        super(message);
    }

    public EveDmvException(String message, Throwable cause) {
        super(message, cause);
    }
}
