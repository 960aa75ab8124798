package dev.deploycheck.backend.http;

import io.javalin.http.Context;

import java.util.function.IntSupplier;

/** With HTTPS configured, a plain-HTTP request is answered 308 to the same host and path on the HTTPS port. */
public final class HttpsRedirect {
    private final IntSupplier httpsPort;

    /** @param httpsPort the bound HTTPS port, read per request (HTTPS_PORT=0 binds a free port at start) */
    public HttpsRedirect(IntSupplier httpsPort) {
        this.httpsPort = httpsPort;
    }

    /** @return true when the request was redirected */
    public boolean handle(Context ctx) {
        if (!"http".equalsIgnoreCase(ctx.scheme())) return false;
        String host = hostWithoutPort(ctx.header("Host"));
        String query = ctx.queryString();
        int port = httpsPort.getAsInt();
        String location = "https://" + host + (port == 443 ? "" : ":" + port) + ctx.path()
                + (query == null || query.isEmpty() ? "" : "?" + query);
        ctx.header("Location", location);
        ctx.status(308);
        return true;
    }

    static String hostWithoutPort(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) return "localhost";
        String h = hostHeader.trim();
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            h = end > 0 ? h.substring(0, end + 1) : h;
        } else if (h.indexOf(':') >= 0) {
            h = h.substring(0, h.indexOf(':'));
        }
        // only host-name characters: a forged Host header must not inject anything into Location
        return h.matches("[A-Za-z0-9.\\-\\[\\]:]{1,253}") ? h : "localhost";
    }
}
