package dev.deploycheck.backend.http;

import dev.deploycheck.backend.support.Api;
import dev.deploycheck.backend.support.TestServices;
import dev.deploycheck.backend.support.Users;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Security headers on every kind of response, request ids, body size limits. */
class SecurityHeadersTest {
    private final Api api = TestServices.get().api();

    @ParameterizedTest
    @ValueSource(strings = {"/api/live", "/api/health", "/api/auth/me", "/api/conversations", "/no/such/path", "/metrics"})
    void everyResponseCarriesTheSecurityHeaders(String path) {
        Api.Response r = api.get(path, null);
        assertEquals("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
                r.header("Content-Security-Policy").orElse(null), path);
        assertEquals("nosniff", r.header("X-Content-Type-Options").orElse(null));
        assertEquals("DENY", r.header("X-Frame-Options").orElse(null));
        assertEquals("no-referrer", r.header("Referrer-Policy").orElse(null));
        assertEquals("same-origin", r.header("Cross-Origin-Opener-Policy").orElse(null));
        assertEquals("same-origin", r.header("Cross-Origin-Resource-Policy").orElse(null));
        assertEquals("no-store", r.header("Cache-Control").orElse(null));
        assertTrue(r.header("Server").isEmpty(), "no Server header: " + r.header("Server"));
        assertTrue(r.header("Strict-Transport-Security").isEmpty(), "HSTS only over HTTPS");
        assertTrue(r.header("X-Request-Id").isPresent());
    }

    @Test
    void unknownRoutesAnswerTheErrorShape() {
        Api.Response r = api.get("/api/nothing-here", null);
        assertEquals(404, r.status());
        assertEquals("not_found", r.text("error"));
        assertEquals(r.header("X-Request-Id").orElseThrow(), r.text("requestId"));
    }

    @Test
    void aWellFormedRequestIdIsKeptAndAForgedOneReplaced() {
        assertEquals("abc-123", api.get("/api/live", null, Map.of("X-Request-Id", "abc-123")).header("X-Request-Id").orElseThrow());
        String replaced = api.get("/api/live", null, Map.of("X-Request-Id", "bad id\" {inject}")).header("X-Request-Id").orElseThrow();
        assertFalse(replaced.contains("inject"));
    }

    @Test
    void oversizedBodiesAre413() {
        Users.Session alice = Users.named("alice");
        // a JSON body of 1.1 MB, over MAX_BODY_BYTES (1 MiB): refused by its declared length
        Api.Response r = api.postDeclaring("/api/conversations", alice.accessToken(), "application/json", 1_100_000);
        assertEquals(413, r.status(), () -> r.status() + " " + r.raw().substring(0, Math.min(200, r.raw().length())));
        assertEquals("payload_too_large", r.text("error"));
    }

    @Test
    void aMethodNotRoutedIsNotA500() {
        Api.Response r = api.send(api.request("/api/conversations", null).method("DELETE", HttpRequest.BodyPublishers.noBody()).build());
        assertTrue(r.status() == 404 || r.status() == 405, r::toString);
        assertTrue(r.header("Content-Security-Policy").isPresent());
    }
}
