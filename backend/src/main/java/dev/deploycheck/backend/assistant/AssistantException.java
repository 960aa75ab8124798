package dev.deploycheck.backend.assistant;

/**
 * The assistant gave up. {@code code} is stable for clients ({@code assistant_unavailable},
 * {@code assistant_timeout}, {@code assistant_error}); the message is written for the user.
 */
public final class AssistantException extends Exception {
    private final String code;
    private final String reason;

    public AssistantException(String code, String reason, String message) {
        super(message, null, false, false);
        this.code = code;
        this.reason = reason;
    }

    public String code() {
        return code;
    }

    /** Short machine reason for the error counter: rate_limited, upstream_5xx, timeout, rejected, io, protocol. */
    public String reason() {
        return reason;
    }
}
