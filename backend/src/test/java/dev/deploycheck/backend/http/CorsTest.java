package dev.deploycheck.backend.http;

import dev.deploycheck.backend.support.Api;
import dev.deploycheck.backend.support.TestServices;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CORS answers only the allow-listed origin; a hostile origin is never reflected. */
class CorsTest {
    private final Api api = TestServices.get().api();

    @Test
    void theAllowedOriginGetsAPreflightAnswer() {
        Api.Response r = preflight(TestServices.ALLOWED_ORIGIN);
        assertEquals(204, r.status(), r::toString);
        assertEquals(TestServices.ALLOWED_ORIGIN, r.header("Access-Control-Allow-Origin").orElse(null));
        assertEquals("true", r.header("Access-Control-Allow-Credentials").orElse(null));
        assertTrue(r.header("Access-Control-Allow-Methods").orElse("").contains("POST"));
        assertTrue(r.header("Access-Control-Allow-Headers").orElse("").contains("Authorization"));
        assertTrue(r.header("Vary").orElse("").contains("Origin"));

        Api.Response simple = api.get("/api/live", null, Map.of("Origin", TestServices.ALLOWED_ORIGIN));
        assertEquals(TestServices.ALLOWED_ORIGIN, simple.header("Access-Control-Allow-Origin").orElse(null));
    }

    @Test
    void aHostileOriginIsNeitherReflectedNorWildcarded() {
        for (String origin : new String[]{"https://evil.example", "null", TestServices.ALLOWED_ORIGIN + ".evil.example"}) {
            Api.Response pre = preflight(origin);
            assertEquals(403, pre.status(), pre::toString);
            assertTrue(pre.header("Access-Control-Allow-Origin").isEmpty(), origin + " reflected in preflight");
            assertTrue(pre.header("Access-Control-Allow-Credentials").isEmpty());

            Api.Response simple = api.get("/api/live", null, Map.of("Origin", origin));
            assertEquals(200, simple.status());
            assertTrue(simple.header("Access-Control-Allow-Origin").isEmpty(), origin + " reflected");
        }
    }

    private Api.Response preflight(String origin) {
        return api.send(api.request("/api/conversations", null)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type").build());
    }
}
