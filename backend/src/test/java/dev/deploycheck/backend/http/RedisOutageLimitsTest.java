package dev.deploycheck.backend.http;

import dev.deploycheck.backend.App;
import dev.deploycheck.backend.db.EmbeddedRedisServer;
import dev.deploycheck.backend.support.Api;
import dev.deploycheck.backend.support.ClientAddress;
import dev.deploycheck.backend.support.TestServices;
import dev.deploycheck.backend.support.Users;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Redis of its own (the shared one keeps running), stopped under a backend: the per-account login lockout and
 * the auth rate limit keep holding, counted in process, instead of letting unlimited guesses through.
 */
class RedisOutageLimitsTest {
    private static EmbeddedRedisServer redis;
    private static App app;
    private static Api api;

    @BeforeAll
    static void start() {
        redis = EmbeddedRedisServer.start();
        app = TestServices.get().startApp(Map.of("REDIS_URL", redis.url(), "LOGIN_MAX_FAILURES", "3",
                "RATE_LIMIT_AUTH_REQUESTS", "6", "RATE_LIMIT_AUTH_WINDOW_SECONDS", "60", "TRUST_PROXY", "true"));
        api = new Api("http://127.0.0.1:" + app.port());
    }

    @AfterEach
    void redisBack() {
        redis.startAgain();
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
        if (redis != null) redis.close();
    }

    @Test
    void theLoginLockoutHoldsWhileRedisIsDown() {
        Users.Session victim = Users.register(api, Users.uniqueEmail("lockout-outage"));
        redis.stop();
        for (int i = 0; i < 3; i++) {
            Api.Response r = api.post("/api/auth/login", null, Map.of("email", victim.email(), "password", "guess-number-" + i), ClientAddress.fresh());
            assertEquals(401, r.status(), r::toString);
        }
        Api.Response locked = api.post("/api/auth/login", null, Map.of("email", victim.email(), "password", Users.PASSWORD), ClientAddress.fresh());
        assertEquals(429, locked.status(), "locked even with the right password, Redis down: " + locked);
        assertTrue(Integer.parseInt(locked.header("Retry-After").orElseThrow()) > 0);

        redis.startAgain();
        Api.Response still = api.post("/api/auth/login", null, Map.of("email", victim.email(), "password", Users.PASSWORD), ClientAddress.fresh());
        assertEquals(429, still.status(), "a lock counted during the outage outlives it (the restarted Redis is empty): " + still);
    }

    @Test
    void theAuthRateLimitHoldsWhileRedisIsDown() {
        redis.stop();
        Map<String, String> client = ClientAddress.fresh();
        for (int i = 0; i < 6; i++) {
            Api.Response r = api.post("/api/auth/login", null, Map.of("email", "nobody-" + i + "@example.com", "password", "whatever-123"), client);
            assertEquals(401, r.status(), r::toString);
        }
        Api.Response limited = api.post("/api/auth/login", null, Map.of("email", "nobody@example.com", "password", "whatever-123"), client);
        assertEquals(429, limited.status(), limited::toString);
        assertEquals("rate_limited", limited.text("error"));
        assertEquals(200, api.get("/api/live", null, client).status());
    }
}
