package dev.deploycheck.backend.config;

/** The configuration is unusable; the message is one line meant for the operator, printed without a stack trace. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
