package dev.deploycheck.backend.http;

import dev.deploycheck.backend.App;
import dev.deploycheck.backend.support.Api;
import dev.deploycheck.backend.support.ClientAddress;
import dev.deploycheck.backend.support.TestServices;
import dev.deploycheck.backend.support.Users;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rate limits against two backends sharing one Redis (as two instances behind a load balancer would). Each
 * test speaks for its own client address through X-Forwarded-For (TRUST_PROXY), so counters never collide.
 */
class RateLimitTest {
    private static App first;
    private static App second;
    private static Api a;
    private static Api b;

    @BeforeAll
    static void start() {
        Map<String, String> limits = Map.of("RATE_LIMIT_REQUESTS", "5", "RATE_LIMIT_WINDOW_SECONDS", "3",
                "RATE_LIMIT_AUTH_REQUESTS", "3", "RATE_LIMIT_AUTH_WINDOW_SECONDS", "60",
                "LOGIN_MAX_FAILURES", "3", "TRUST_PROXY", "true");
        first = TestServices.get().startApp(limits);
        second = TestServices.get().startApp(limits);
        a = new Api("http://127.0.0.1:" + first.port());
        b = new Api("http://127.0.0.1:" + second.port());
    }

    @AfterAll
    static void stop() {
        first.close();
        second.close();
    }

    @Test
    void theLimitTripsWith429AndRetryAfterThenResets() throws InterruptedException {
        Map<String, String> client = ClientAddress.fresh();
        for (int i = 1; i <= 5; i++) {
            Api.Response ok = a.get("/api/conversations", null, client);
            assertEquals(401, ok.status(), "request " + i + " is within the limit (401: no token): " + ok);
            assertEquals(String.valueOf(5 - i), ok.header("RateLimit-Remaining").orElse(null));
        }
        Api.Response limited = a.get("/api/conversations", null, client);
        assertEquals(429, limited.status(), limited::toString);
        assertEquals("rate_limited", limited.text("error"));
        int retryAfter = Integer.parseInt(limited.header("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 3, "Retry-After " + retryAfter);
        assertEquals(200, a.get("/api/live", null, client).status(), "liveness is never limited");

        Thread.sleep(retryAfter * 1000L + 200);
        assertEquals(401, a.get("/api/conversations", null, client).status(), "the window reset");
    }

    @Test
    void behindATrustedProxyForwardedHttpsGetsHsts() {
        Api.Response r = a.get("/api/live", null, Map.of("X-Forwarded-Proto", "https", "X-Forwarded-For", "2001:db8::1"));
        assertEquals(200, r.status(), r::toString);
        assertTrue(r.header("Strict-Transport-Security").orElse("").startsWith("max-age="), "HSTS for a request that arrived over HTTPS at the proxy");
        assertTrue(TestServices.get().api().get("/api/live", null, Map.of("X-Forwarded-Proto", "https")).header("Strict-Transport-Security").isEmpty(),
                "without TRUST_PROXY the header is ignored");
    }

    @Test
    void twoInstancesShareOneBudget() {
        Map<String, String> client = ClientAddress.fresh();
        for (int i = 0; i < 3; i++) assertEquals(401, a.get("/api/auth/me", null, client).status());
        for (int i = 0; i < 2; i++) assertEquals(401, b.get("/api/auth/me", null, client).status());
        Api.Response limited = b.get("/api/auth/me", null, client);
        assertEquals(429, limited.status(), "the sixth request overall, on the second instance: " + limited);
    }

    @Test
    void authEndpointsHaveATighterLimitPerAddress() {
        Map<String, String> client = ClientAddress.fresh();
        for (int i = 0; i < 3; i++) {
            assertEquals(401, a.post("/api/auth/login", null, Map.of("email", "x" + i + "@example.com", "password", "whatever-123"), client).status());
        }
        Api.Response limited = a.post("/api/auth/login", null, Map.of("email", "y@example.com", "password", "whatever-123"), client);
        assertEquals(429, limited.status(), limited::toString);
        assertTrue(limited.header("Retry-After").isPresent());
    }

    @Test
    void repeatedFailedLoginsLockTheAccountEvenFromNewAddresses() {
        Users.Session dave = Users.named("dave");
        for (int i = 0; i < 3; i++) {
            Api.Response r = a.post("/api/auth/login", null, Map.of("email", dave.email(), "password", "wrong-password-" + i), ClientAddress.fresh());
            assertEquals(401, r.status(), r::toString);
        }
        Api.Response locked = b.post("/api/auth/login", null, Map.of("email", dave.email(), "password", Users.PASSWORD), ClientAddress.fresh());
        assertEquals(429, locked.status(), "even the right password is refused while locked: " + locked);
        assertTrue(Integer.parseInt(locked.header("Retry-After").orElseThrow()) > 0);
    }
}
