package dev.deploycheck.backend.http;

import io.javalin.http.Context;

/**
 * The response headers an API should send, chosen for an A+ under the MDN HTTP Observatory rules: a CSP that
 * allows nothing (this service serves JSON only), framing denied twice, nosniff, no referrer, strict
 * COOP/CORP, no caching of personal data, and HSTS on HTTPS responses only.
 */
public final class SecurityHeaders {
    static final String CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private SecurityHeaders() { }

    public static void apply(Context ctx, long hstsMaxAgeSeconds) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        ctx.header("Cross-Origin-Resource-Policy", "same-origin");
        ctx.header("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
        ctx.header("Cache-Control", "no-store");
        if ("https".equalsIgnoreCase(ctx.scheme())) {
            ctx.header("Strict-Transport-Security", "max-age=" + hstsMaxAgeSeconds
                    + (hstsMaxAgeSeconds > 0 ? "; includeSubDomains" : ""));
        }
    }
}
