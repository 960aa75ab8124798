package dev.deploycheck.backend.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.deploycheck.backend.db.Outage;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/** Maps every failure to the one JSON error shape; a stack trace goes to the log, never to the client. */
public final class ErrorHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandlers.class);

    /** The database prober retries every quarter second; a client may come back after this. */
    static final int DATABASE_RETRY_AFTER_SECONDS = 2;

    private ErrorHandlers() { }

    public static void register(RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) -> {
            e.retryAfterSeconds().ifPresent(s -> ctx.header("Retry-After", String.valueOf(s)));
            write(ctx, e.status(), e.error(), e.getMessage(), e.field().orElse(null));
        });
        routes.exception(JsonProcessingException.class, (e, ctx) ->
                write(ctx, 400, "invalid_json", "the request body is not valid JSON", null));
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            int status = e.getStatus();
            write(ctx, status, codeFor(status), messageFor(status, e.getMessage()), null);
        });
        routes.exception(Exception.class, (e, ctx) -> {
            if (Outage.isOutage(e)) {
                LOG.warn("database unavailable on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
                ctx.header("Retry-After", String.valueOf(DATABASE_RETRY_AFTER_SECONDS));
                write(ctx, 503, "database_unavailable", "the database is unavailable; try again shortly", null);
                return;
            }
            LOG.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
            write(ctx, 500, "internal_error", "something went wrong; quote the request id when reporting it", null);
        });
        routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                write(ctx, 404, "not_found", "no such endpoint: " + ctx.method() + " " + ctx.path(), null);
            }
        });
        routes.error(405, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                write(ctx, 405, "method_not_allowed", "method " + ctx.method() + " is not allowed here", null);
            }
        });
    }

    /** Writes the error body; also used by the before-handlers (rate limit, size limit) that stop a request early. */
    public static void write(Context ctx, int status, String error, String message, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        body.put("requestId", RequestContext.requestId(ctx));
        if (field != null) body.put("field", field);
        ctx.status(status).json(body);
    }

    static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 408 -> "request_timeout";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            case 429 -> "rate_limited";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal_error" : "bad_request";
        };
    }

    private static String messageFor(int status, String original) {
        return switch (status) {
            case 404 -> "not found";
            case 413 -> "the request body is too large";
            default -> original == null || original.isBlank() ? "request failed" : original;
        };
    }
}
