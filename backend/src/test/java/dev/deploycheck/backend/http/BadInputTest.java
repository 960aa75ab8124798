package dev.deploycheck.backend.http;

import dev.deploycheck.backend.support.Api;
import dev.deploycheck.backend.support.TestServices;
import dev.deploycheck.backend.support.Users;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Hostile request bodies get a 4xx in the one error shape, never a 500. */
class BadInputTest {
    private final Api api = TestServices.get().api();

    /** A NUL in any JSON string (PostgreSQL text cannot hold one) is refused naming the field, before any query runs. */
    @ParameterizedTest(name = "{0} with NUL in {1}")
    @CsvSource(delimiter = '|', value = {
            "/api/auth/login         | email        | {\"email\":\"a\\u0000b@example.com\",\"password\":\"whatever-123\"}",
            "/api/auth/login         | password     | {\"email\":\"a@example.com\",\"password\":\"what\\u0000ever-123\"}",
            "/api/auth/register      | displayName  | {\"email\":\"nul@example.com\",\"password\":\"correct-horse-battery-7\",\"displayName\":\"\\u0000\"}",
            "/api/conversations      | title        | {\"title\":\"t\\u0000\"}",
            "/api/knowledge/search   | query        | {\"query\":\"release\\u0000window\"}",
            "/api/knowledge/search   | extra[1]     | {\"query\":\"release\",\"extra\":[\"ok\",\"\\u0000\"]}",
            "MESSAGES                | content      | {\"content\":\"hello\\u0000\"}",
    })
    void aNulCharacterIsAValidationErrorNamingTheField(String path, String field, String body) {
        String token = Users.named("nul-sender").accessToken();
        String target = path.equals("MESSAGES") ? "/api/conversations/" + conversation(token) + "/messages" : path;
        Api.Response r = api.post(target, token, body);
        assertEquals(400, r.status(), r::toString);
        assertEquals("validation_failed", r.text("error"));
        assertEquals(field, r.text("field"));
        assertFalse(r.raw().contains("\\u0000"), "the answer carries no NUL: " + r.raw());
    }

    private String conversation(String token) {
        Api.Response r = api.post("/api/conversations", token, Map.of("title", "nul test"));
        assertEquals(201, r.status(), r::toString);
        return r.text("id");
    }
}
