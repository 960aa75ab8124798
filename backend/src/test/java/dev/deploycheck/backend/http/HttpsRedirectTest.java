package dev.deploycheck.backend.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The redirect keeps the requested host but never lets a forged Host header inject into Location. */
class HttpsRedirectTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "api.example.com:8080         | api.example.com",
            "api.example.com              | api.example.com",
            "127.0.0.1:8080               | 127.0.0.1",
            "[::1]:8080                   | [::1]",
            "evil.example/path            | localhost",
            "'evil.example\r\nSet-Cookie: x' | localhost",
            "NULL                         | localhost",
    })
    void hostWithoutPort(String header, String expected) {
        assertEquals(expected, HttpsRedirect.hostWithoutPort(header));
    }
}
