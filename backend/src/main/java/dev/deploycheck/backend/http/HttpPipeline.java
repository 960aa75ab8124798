package dev.deploycheck.backend.http;

import dev.deploycheck.backend.config.AppConfig;
import dev.deploycheck.backend.metrics.Metrics;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.Set;

/**
 * What runs around every request, in order: request id, security headers, HTTPS redirect, CORS, body size
 * limit, rate limits; afterwards the request timer and one access-log line (path only: query strings may
 * carry tokens).
 */
public final class HttpPipeline {
    private static final Logger ACCESS = LoggerFactory.getLogger("access");
    private static final Set<String> UNLIMITED = Set.of("/api/live", "/api/ready", "/api/health", "/metrics");
    private static final Set<String> AUTH_PATHS = Set.of("/api/auth/login", "/api/auth/register", "/api/auth/refresh");

    private final RequestContext requests;
    private final Optional<HttpsRedirect> httpsRedirect;
    private final Cors cors;
    private final RateLimiter limiter;
    private final AppConfig.RateLimits limits;
    private final long maxBodyBytes;
    private final long hstsMaxAgeSeconds;
    private final Metrics metrics;
    private final java.util.Map<String, Long> largerBodies = new java.util.concurrent.ConcurrentHashMap<>();

    public HttpPipeline(RequestContext requests, Optional<HttpsRedirect> httpsRedirect, Cors cors, RateLimiter limiter,
                        AppConfig.RateLimits limits, long maxBodyBytes, long hstsMaxAgeSeconds, Metrics metrics) {
        this.requests = requests;
        this.httpsRedirect = httpsRedirect;
        this.cors = cors;
        this.limiter = limiter;
        this.limits = limits;
        this.maxBodyBytes = maxBodyBytes;
        this.hstsMaxAgeSeconds = hstsMaxAgeSeconds;
        this.metrics = metrics;
    }

    public void before(Context ctx) {
        requests.begin(ctx);
        SecurityHeaders.apply(ctx, hstsMaxAgeSeconds);
        if (httpsRedirect.isPresent() && httpsRedirect.get().handle(ctx)) throw new Halted();
        if (cors.handle(ctx)) {
            if (ctx.statusCode() == 403) ErrorHandlers.write(ctx, 403, "forbidden", "origin not allowed", null);
            throw new Halted();
        }
        String contentType = ctx.header("Content-Type");
        if (contentType != null && !ContentTypes.charsetKnown(contentType)) {
            throw new ApiException(415, "unsupported_media_type", "the charset of the Content-Type is not supported; use utf-8", null, null);
        }
        String length = ctx.header("Content-Length");
        long limit = largerBodies.getOrDefault(ctx.path(), maxBodyBytes);
        if (length != null && parseLong(length) > limit) {
            throw new ApiException(413, "payload_too_large", "the request body is larger than " + limit + " bytes", null, null);
        }
        rateLimit(ctx);
    }

    /** Raises the body size limit for one exact path (the multipart upload); its handler enforces its own limit. */
    public void allowLargerBody(String path, long maxBytes) {
        largerBodies.put(path, maxBytes);
    }

    public void after(Context ctx) {
        try {
            long nanos = RequestContext.elapsedNanos(ctx);
            int status = ctx.statusCode();
            metrics.recordRequest(ctx.method().name(), routeTemplate(ctx, status), status, nanos);
            if (ACCESS.isInfoEnabled()) {
                ACCESS.info("{} {} {} {}ms", ctx.method().name(), ctx.path(), status, nanos / 1_000_000);
            }
        } finally {
            RequestContext.end();
        }
    }

    private void rateLimit(Context ctx) {
        if (!limits.enabled()) return;
        String path = ctx.path();
        if (!path.startsWith("/api/") || UNLIMITED.contains(path)) return;
        String client = requests.clientIp(ctx);
        if (AUTH_PATHS.contains(path)) {
            check(ctx, limiter.hit("auth", client, limits.authRequests(), limits.authWindowSeconds()));
        }
        check(ctx, limiter.hit("api", client, limits.requests(), limits.windowSeconds()));
    }

    private static void check(Context ctx, RateLimiter.Decision d) {
        ctx.header("RateLimit-Limit", String.valueOf(d.limit()));
        ctx.header("RateLimit-Remaining", String.valueOf(d.remaining()));
        ctx.header("RateLimit-Reset", String.valueOf(d.resetSeconds()));
        if (!d.allowed()) throw ApiException.tooManyRequests("too many requests; retry after " + d.resetSeconds() + " s", d.resetSeconds());
    }

    private static String routeTemplate(Context ctx, int status) {
        Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
        if (matched != null) return matched.path;
        if (status == 404) return "NOT_FOUND";
        if (status == 308) return "REDIRECT";
        return "UNMATCHED";
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
