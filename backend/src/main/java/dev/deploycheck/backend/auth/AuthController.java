package dev.deploycheck.backend.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deploycheck.backend.http.JsonBody;
import io.javalin.http.Context;

import java.util.UUID;

/** HTTP input and output of the auth endpoints. */
public final class AuthController {
    private final AuthService service;
    private final Authenticator authenticator;
    private final ObjectMapper mapper;

    public AuthController(AuthService service, Authenticator authenticator, ObjectMapper mapper) {
        this.service = service;
        this.authenticator = authenticator;
        this.mapper = mapper;
    }

    public void register(Context ctx) {
        JsonBody body = JsonBody.of(ctx, mapper);
        String email = body.requiredString("email", 254);
        String password = body.requiredString("password", 128);
        String displayName = body.optionalString("displayName", 100).orElse(null);
        ctx.status(201).json(service.register(email, password, displayName));
    }

    public void login(Context ctx) {
        JsonBody body = JsonBody.of(ctx, mapper);
        ctx.json(service.login(body.requiredString("email", 254), body.requiredString("password", 128)));
    }

    public void refresh(Context ctx) {
        JsonBody body = JsonBody.of(ctx, mapper);
        ctx.json(service.refresh(body.requiredString("refreshToken", 4096)));
    }

    public void logout(Context ctx) {
        UUID userId = authenticator.require(ctx);
        var token = ctx.contentLength() > 0 ? JsonBody.of(ctx, mapper).optionalString("refreshToken", 4096) : java.util.Optional.<String>empty();
        service.logout(userId, token);
        ctx.status(204);
    }

    public void me(Context ctx) {
        ctx.json(service.me(authenticator.require(ctx)));
    }
}
