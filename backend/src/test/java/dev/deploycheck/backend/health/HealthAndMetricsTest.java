package dev.deploycheck.backend.health;

import dev.deploycheck.backend.support.Api;
import dev.deploycheck.backend.support.TestServices;
import dev.deploycheck.backend.support.Users;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /api/health, /api/ready, /api/live and the Prometheus scrape. */
class HealthAndMetricsTest {
    private final Api api = TestServices.get().api();

    @Test
    void healthNamesWhatRunsAndHowItsDependenciesAre() {
        Api.Response r = api.get("/api/health", null);
        assertEquals(200, r.status(), r::toString);
        assertEquals("ok", r.text("status"));
        assertEquals("0123456789abcdef0123456789abcdef01234567", r.text("commit"), "GIT_COMMIT is reported as the commit");
        assertEquals("test", r.text("version"));
        assertTrue(r.json().path("uptimeSeconds").isNumber());
        for (String dep : new String[]{"database", "redis"}) {
            assertEquals("up", r.json().path("checks").path(dep).path("status").asText(), r::toString);
            assertTrue(r.json().path("checks").path(dep).path("latencyMs").isNumber(), r::toString);
        }
    }

    @Test
    void readyAndLive() {
        Api.Response ready = api.get("/api/ready", null);
        assertEquals(200, ready.status());
        assertEquals("ready", ready.text("status"));
        assertEquals(200, api.get("/api/live", null).status());
    }

    @Test
    void metricsHaveRouteTimersWithBucketsJvmPoolAndBusinessCounters() {
        // a fresh user: the active-users set lives in Redis, which another test restarts (without persistence)
        Users.Session alice = Users.register(api, Users.uniqueEmail("metrics"));
        String id = api.post("/api/conversations", alice.accessToken(), Map.of("title", "metrics")).text("id");
        api.post("/api/conversations/" + id + "/messages", alice.accessToken(), Map.of("content", "count me"));
        api.get("/api/conversations/" + id, alice.accessToken());
        Users.login(api, alice.email());
        api.get("/api/auth/me", alice.accessToken());

        Api.Response r = api.get("/metrics", null);
        assertEquals(200, r.status());
        assertTrue(r.header("Content-Type").orElse("").startsWith("text/plain"));
        String text = r.raw();
        assertContains(text, "http_server_requests_seconds_bucket{");
        assertContains(text, "uri=\"/api/conversations/{id}\"");
        assertContains(text, "method=\"POST\"");
        assertContains(text, "status=\"201\"");
        assertTrue(!text.contains("uri=\"/api/conversations/" + id), "raw ids never become labels");
        assertContains(text, "jvm_memory_used_bytes");
        assertContains(text, "hikaricp_connections_active");
        assertContains(text, "auth_registrations_total");
        assertContains(text, "auth_logins_total{outcome=\"success\"}");
        assertContains(text, "chat_messages_total{role=\"user\"}");
        assertContains(text, "users_active");
        double active = Double.parseDouble(text.lines().filter(l -> l.startsWith("users_active ")).findFirst().orElseThrow().split(" ")[1]);
        assertTrue(active >= 1, "alice was active: " + active);
    }

    private static void assertContains(String text, String needle) {
        assertTrue(text.contains(needle), "metrics lack " + needle);
    }
}
