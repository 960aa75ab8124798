package dev.deploycheck.backend.http;

import java.util.Optional;

/**
 * An error the client caused or must be told about. {@link ErrorHandlers} turns it into the one JSON error
 * shape: {@code {"error", "message", "requestId"}} plus {@code "field"} for validation errors.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String error;
    private final String field;
    private final Integer retryAfterSeconds;

    public ApiException(int status, String error, String message, String field, Integer retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException badRequest(String error, String message) {
        return new ApiException(400, error, message, null, null);
    }

    public static ApiException validation(String field, String message) {
        return new ApiException(400, "validation_failed", message, field, null);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, "unauthorized", message, null, null);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message, null, null);
    }

    public static ApiException conflict(String error, String message) {
        return new ApiException(409, error, message, null, null);
    }

    public static ApiException tooManyRequests(String message, int retryAfterSeconds) {
        return new ApiException(429, "rate_limited", message, null, Math.max(1, retryAfterSeconds));
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    public Optional<Integer> retryAfterSeconds() {
        return Optional.ofNullable(retryAfterSeconds);
    }
}
