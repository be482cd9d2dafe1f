package org.iocity.model.config;

/** Bad or missing configuration; its message is one line saying what to fix. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
