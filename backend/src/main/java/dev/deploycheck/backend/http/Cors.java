package dev.deploycheck.backend.http;

import io.javalin.http.Context;

import java.util.List;
import java.util.Set;

/**
 * CORS from an allow-list. An allowed origin is echoed (with credentials, since the list is explicit); any other
 * origin gets no CORS headers at all, so a hostile page cannot read responses. Preflights are answered here.
 */
public final class Cors {
    private static final String ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
    private static final String ALLOWED_HEADERS = "Authorization, Content-Type, X-Request-Id";

    private final Set<String> allowed;

    public Cors(List<String> origins) {
        this.allowed = Set.copyOf(origins);
    }

    /** @return true when the request was a preflight and has been answered */
    public boolean handle(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null) return false;
        ctx.header("Vary", "Origin");
        boolean preflight = "OPTIONS".equals(ctx.method().name()) && ctx.header("Access-Control-Request-Method") != null;
        if (allowed.contains(origin)) {
            ctx.header("Access-Control-Allow-Origin", origin);
            ctx.header("Access-Control-Allow-Credentials", "true");
            ctx.header("Access-Control-Expose-Headers", "X-Request-Id, Retry-After");
            if (preflight) {
                ctx.header("Access-Control-Allow-Methods", ALLOWED_METHODS);
                ctx.header("Access-Control-Allow-Headers", ALLOWED_HEADERS);
                ctx.header("Access-Control-Max-Age", "600");
            }
        }
        if (preflight) {
            ctx.status(allowed.contains(origin) ? 204 : 403);
            return true;
        }
        return false;
    }
}
