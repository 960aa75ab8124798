package dev.deploycheck.backend.auth;

import dev.deploycheck.backend.http.ApiException;
import dev.deploycheck.backend.metrics.ActiveUsers;
import io.javalin.http.Context;

import java.util.UUID;

/** Reads the bearer access token of a request; anything but a valid access token is 401. */
public final class Authenticator {
    private final TokenService tokens;
    private final ActiveUsers activeUsers;

    public Authenticator(TokenService tokens, ActiveUsers activeUsers) {
        this.tokens = tokens;
        this.activeUsers = activeUsers;
    }

    public UUID require(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw ApiException.unauthorized("missing bearer token");
        }
        UUID userId = tokens.verifyAccess(header.substring(7).trim()).orElseThrow(() -> {
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            return ApiException.unauthorized("invalid or expired access token");
        });
        activeUsers.seen(userId);
        return userId;
    }
}
