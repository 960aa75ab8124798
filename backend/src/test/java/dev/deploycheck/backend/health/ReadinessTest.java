package dev.deploycheck.backend.health;

import dev.deploycheck.backend.support.Api;
import dev.deploycheck.backend.support.TestServices;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Readiness follows the real Redis: stopped, it turns 503 with the reason; back, it turns 200 again. */
class ReadinessTest {
    private final Api api = TestServices.get().api();

    @Test
    void readinessTurns503WhenRedisStopsAnd200WhenItReturns() throws InterruptedException {
        assertEquals(200, api.get("/api/ready", null).status());
        TestServices.get().redis().stop();
        try {
            Api.Response down = api.get("/api/ready", null);
            assertEquals(503, down.status(), down::toString);
            assertEquals("not_ready", down.text("status"));
            assertTrue(down.text("reason").contains("redis"), down::toString);

            Api.Response health = api.get("/api/health", null);
            assertEquals("degraded", health.text("status"));
            assertEquals("down", health.json().path("checks").path("redis").path("status").asText());
            assertEquals("up", health.json().path("checks").path("database").path("status").asText());
            assertEquals(200, api.get("/api/live", null).status(), "liveness does not depend on Redis");
        } finally {
            TestServices.get().redis().startAgain();
        }
        int status = 0;
        for (int i = 0; i < 50 && status != 200; i++) {
            status = api.get("/api/ready", null).status();
            if (status != 200) Thread.sleep(100);
        }
        assertEquals(200, status, "ready again once Redis is back");
    }
}
