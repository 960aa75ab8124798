package dev.deploycheck.backend.http;

import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The response headers an API should send, chosen for an A+ under the MDN HTTP Observatory rules: a CSP that
 * allows nothing (this service serves JSON only), framing denied twice, nosniff, no referrer, strict
 * COOP/CORP, no caching of personal data, and HSTS on HTTPS responses only.
 */
public final class SecurityHeaders {
    static final String CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private SecurityHeaders() { }

    public static void apply(Context ctx, long hstsMaxAgeSeconds) {
        headers("https".equalsIgnoreCase(ctx.scheme()), hstsMaxAgeSeconds).forEach(ctx::header);
    }

    /** The headers and their values, in order; HSTS only when the request came over HTTPS. */
    static Map<String, String> headers(boolean https, long hstsMaxAgeSeconds) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Security-Policy", CSP);
        h.put("X-Content-Type-Options", "nosniff");
        h.put("X-Frame-Options", "DENY");
        h.put("Referrer-Policy", "no-referrer");
        h.put("Cross-Origin-Opener-Policy", "same-origin");
        h.put("Cross-Origin-Resource-Policy", "same-origin");
        h.put("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
        h.put("Cache-Control", "no-store");
        if (https) {
            h.put("Strict-Transport-Security", "max-age=" + hstsMaxAgeSeconds + (hstsMaxAgeSeconds > 0 ? "; includeSubDomains" : ""));
        }
        return h;
    }
}
