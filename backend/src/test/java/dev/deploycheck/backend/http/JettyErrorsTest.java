package dev.deploycheck.backend.http;

import dev.deploycheck.backend.support.Api;
import dev.deploycheck.backend.support.TestServices;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What Jetty refuses before the request reaches Javalin still has the security headers, a request id and the JSON error shape. */
class JettyErrorsTest {
    private final Api api = TestServices.get().api();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "bad path encoding      | 400 | bad_request       | GET /api/%zz HTTP/1.1",
            "bad Content-Length     | 400 | bad_request       | POST /api/auth/login HTTP/1.1~Content-Length: abc",
            "two Content-Lengths    | 400 | bad_request       | POST /api/auth/login HTTP/1.1~Content-Length: 2~Content-Length: 3",
            "URI too long           | 414 | uri_too_long      | GET /api/URI HTTP/1.1",
            "headers too large      | 431 | headers_too_large | GET /api/live HTTP/1.1~X-Big: HEADER",
            "bad path with DELETE | 400 | bad_request       | DELETE /api/%zz HTTP/1.1",
    })
    void jettysOwnErrorsHaveTheApiShapeAndHeaders(String name, int status, String code, String head) {
        String request = head.replace("~", "\r\n").replace("URI", "a".repeat(20_000)).replace("HEADER", "b".repeat(20_000))
                + "\r\nHost: 127.0.0.1\r\nX-Request-Id: jetty-err-1\r\nConnection: close\r\n\r\n";
        Api.Response r = api.raw(request);
        assertEquals(status, r.status(), r::toString);
        assertEquals(code, r.text("error"), r::toString);
        assertTrue(r.header("Content-Type").orElse("").startsWith("application/json"), r.headers()::toString);
        assertEquals(SecurityHeaders.CSP, r.header("Content-Security-Policy").orElse(null));
        assertEquals("nosniff", r.header("X-Content-Type-Options").orElse(null));
        assertEquals("DENY", r.header("X-Frame-Options").orElse(null));
        assertEquals("no-referrer", r.header("Referrer-Policy").orElse(null));
        assertEquals("no-store", r.header("Cache-Control").orElse(null));
        String id = r.header("X-Request-Id").orElse(null);
        assertTrue(id != null && !id.isBlank(), r.headers()::toString);
        assertEquals(id, r.text("requestId"));
        assertFalse(r.raw().contains("<html"), r::toString);
        assertFalse(r.raw().toLowerCase().contains("exception"), r::toString);
    }
}
