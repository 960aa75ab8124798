package dev.deploycheck.backend.http;

import io.javalin.http.Context;
import java.util.UUID;

/** Reading path and query parameters with the API's error answers (400 naming the field, 404 for a bad id). */
public final class PathAndQuery {
    private PathAndQuery() { }

    /** A whole-number query parameter within [min, max], or {@code fallback} when absent. */
    public static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return fallback;
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) throw ApiException.validation(name, name + " must be between " + min + " and " + max);
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.validation(name, name + " must be a number");
        }
    }

    /**
     * The {@code id} path parameter as a UUID. Something that is not a UUID cannot name anyone's resource: the
     * answer is the same 404 as for another user's.
     */
    public static UUID id(Context ctx, String notFound) {
        try {
            return UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound(notFound);
        }
    }
}
