package dev.evedmv;

/** A configuration value is missing or invalid; the message names the setting and what to set. */
public final class ConfigException extends EveDmvException {
    public ConfigException(String message) {
        super(message);
    }
}
