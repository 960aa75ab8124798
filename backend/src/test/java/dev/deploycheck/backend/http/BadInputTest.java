package dev.deploycheck.backend.http;

import dev.deploycheck.backend.support.Api;
import dev.deploycheck.backend.support.TestServices;
import dev.deploycheck.backend.support.Users;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpRequest;
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

    /** JSON is UTF-8 (RFC 8259): another or an unknown charset is 415, not a 500 from decoding the body. */
    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset=foo-bar", "application/json; charset=iso-8859-1", "application/json;charset=\"x\""})
    void aCharsetOtherThanUtf8Is415(String contentType) {
        Api.Response r = api.post("/api/auth/login", null, Map.of("email", "a@example.com", "password", "whatever-123"),
                Map.of("Content-Type", contentType));
        assertEquals(415, r.status(), r::toString);
        assertEquals("unsupported_media_type", r.text("error"));
    }

    @Test
    void anUnknownCharsetOnAnUploadIs415Too() {
        String token = Users.named("nul-sender").accessToken();
        HttpRequest request = api.request("/api/knowledge/documents", token)
                .header("Content-Type", "multipart/form-data; boundary=b; charset=foo-bar")
                .POST(HttpRequest.BodyPublishers.ofString("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello\r\n--b--\r\n"))
                .build();
        Api.Response r = api.send(request);
        assertEquals(415, r.status(), r::toString);
        assertEquals("unsupported_media_type", r.text("error"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset=utf-8", "application/json; charset=\"UTF-8\"", "application/json"})
    void utf8IsAccepted(String contentType) {
        Api.Response r = api.post("/api/auth/login", null, Map.of("email", "nobody@example.com", "password", "whatever-123"),
                Map.of("Content-Type", contentType));
        assertEquals(401, r.status(), r::toString);
    }

    @Test
    void bytesThatAreNotUtf8AreInvalidJson() {
        HttpRequest request = api.request("/api/auth/login", null).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[]{'{', '"', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}))
                .build();
        Api.Response r = api.send(request);
        assertEquals(400, r.status(), r::toString);
        assertEquals("invalid_json", r.text("error"));
    }

    private String conversation(String token) {
        Api.Response r = api.post("/api/conversations", token, Map.of("title", "nul test"));
        assertEquals(201, r.status(), r::toString);
        return r.text("id");
    }
}
