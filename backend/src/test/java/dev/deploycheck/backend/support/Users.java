package dev.deploycheck.backend.support;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Test accounts. Registering costs an Argon2 hash (~0.2 s), so named users are registered once per JVM and
 * reused; tests that revoke tokens log in again for a fresh token family instead of registering.
 */
public final class Users {
    public static final String PASSWORD = "correct-horse-battery-7";
    private static final Map<String, Session> CACHE = new ConcurrentHashMap<>();

    private Users() { }

    /** Tokens and identity of a logged-in test user. */
    public record Session(String email, String userId, String accessToken, String refreshToken) { }

    /** A user registered once per JVM under a unique email (named for readability). */
    public static Session named(String name) {
        return CACHE.computeIfAbsent(name, n -> register(TestServices.get().api(), uniqueEmail(n)));
    }

    public static String uniqueEmail(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    public static Session register(Api api, String email) {
        Api.Response r = api.post("/api/auth/register", null, Map.of("email", email, "password", PASSWORD, "displayName", "Test"));
        assertEquals(201, r.status(), r::toString);
        return session(email, r);
    }

    public static Session login(Api api, String email) {
        Api.Response r = api.post("/api/auth/login", null, Map.of("email", email, "password", PASSWORD));
        assertEquals(200, r.status(), r::toString);
        return session(email, r);
    }

    private static Session session(String email, Api.Response r) {
        return new Session(email, r.json().path("user").path("id").asText(), r.text("accessToken"), r.text("refreshToken"));
    }
}
