package dev.deploycheck.backend.knowledge;

import dev.deploycheck.backend.App;
import dev.deploycheck.backend.support.Api;
import dev.deploycheck.backend.support.TestServices;
import dev.deploycheck.backend.support.Users;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Broken or hostile multipart bodies are a 400 or a 413 in the error shape, never a 500. */
class MalformedUploadTest {
    private static final int LIMIT = 4096;
    private static App app;
    private static Api api;

    @BeforeAll
    static void start() {
        app = TestServices.get().startApp(Map.of("UPLOAD_MAX_BYTES", String.valueOf(LIMIT)));
        api = new Api("http://127.0.0.1:" + app.port());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static String part(String filename, String content) {
        return "--BB\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\nContent-Type: text/plain\r\n\r\n"
                + content + "\r\n";
    }

    private static Api.Response post(String body) {
        return api.raw(head() + "Content-Length: " + body.length() + "\r\n\r\n" + body);
    }

    private static String head() {
        return "POST /api/knowledge/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + Users.named("multipart").accessToken()
                + "\r\nContent-Type: multipart/form-data; boundary=BB\r\nConnection: close\r\n";
    }

    private static void refused(Api.Response r, int status, String error) {
        assertEquals(status, r.status(), r::toString);
        assertEquals(error, r.text("error"), r::toString);
        assertFalse(r.raw().toLowerCase().contains("exception"), r::toString);
    }

    @Test
    void noClosingBoundaryIs400() {
        refused(post(part("a.txt", "hello there")), 400, "invalid_multipart");
    }

    @Test
    void aNulInTheFilenameIsRefusedOrReplaced() {
        Api.Response r = post(part("a\0b.txt", "hello nul filename") + "--BB--\r\n");
        assertTrue(r.status() == 400 || r.status() == 201, r::toString);
        if (r.status() == 201) assertFalse(r.text("filename").contains("\0"), r::toString);
        else assertTrue(r.text("error").equals("invalid_multipart") || r.text("error").equals("validation_failed"), r::toString);
    }

    @Test
    void thousandsOfFormFieldsAre400() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 5_000; i++) body.append("--BB\r\nContent-Disposition: form-data; name=\"f").append(i).append("\"\r\n\r\nv\r\n");
        body.append(part("c.txt", "hello fields")).append("--BB--\r\n");
        // within the default limits (10 MB): refused for the number of parts, not for the size
        String request = head() + "Content-Length: " + body.length() + "\r\n\r\n" + body;
        refused(TestServices.get().api().raw(request), 400, "invalid_multipart");
    }

    @Test
    void aChunkedUploadOverTheLimitWithoutContentLengthIs413() {
        String body = part("d.txt", "abcdefg ".repeat(LIMIT / 8 + 200)) + "--BB--\r\n";
        StringBuilder chunked = new StringBuilder();
        for (int i = 0; i < body.length(); i += 1000) {
            String chunk = body.substring(i, Math.min(body.length(), i + 1000));
            chunked.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        chunked.append("0\r\n\r\n");
        refused(api.raw(head() + "Transfer-Encoding: chunked\r\n\r\n" + chunked), 413, "payload_too_large");
    }

    @Test
    void aFileAFewBytesOverTheLimitIs413() {
        for (int over = 1; over <= 3; over++) {
            refused(post(part("e.txt", "a".repeat(LIMIT + over)) + "--BB--\r\n"), 413, "payload_too_large");
        }
    }

    @Test
    void aBodyOverTheLimitOfTheWholeRequestIs413() {
        String body = part("f.txt", "a".repeat(LIMIT)) + "--BB\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n"
                + "t".repeat(80_000) + "\r\n--BB--\r\n";
        refused(post(body), 413, "payload_too_large");
    }
}
