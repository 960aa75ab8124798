package dev.deploycheck.backend.knowledge;

import dev.deploycheck.backend.App;
import dev.deploycheck.backend.support.Api;
import dev.deploycheck.backend.support.Multipart;
import dev.deploycheck.backend.support.TestServices;
import dev.deploycheck.backend.support.Users;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** UPLOAD_MAX_BYTES: a file over the limit is 413, whether the declared length or the file itself gives it away. */
class UploadLimitTest {
    private static App app;
    private static Api api;

    @BeforeAll
    static void start() {
        app = TestServices.get().startApp(Map.of("UPLOAD_MAX_BYTES", "4096"));
        api = new Api("http://127.0.0.1:" + app.port());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void overTheLimitIs413() {
        String token = Users.named("upload-limit").accessToken();
        byte[] atLimit = text(4096);
        assertEquals(201, Multipart.upload(api, token, "at-limit.txt", "text/plain", atLimit).status());

        Api.Response justOver = Multipart.upload(api, token, "over.txt", "text/plain", text(4097));
        assertEquals(413, justOver.status(), justOver::toString);
        assertEquals("payload_too_large", justOver.text("error"));

        Api.Response farOver = api.postDeclaring("/api/knowledge/documents", token,
                "multipart/form-data; boundary=far-over", 200_000);
        assertEquals(413, farOver.status(), farOver::toString);

        // the limit of other endpoints is unchanged (MAX_BODY_BYTES)
        assertEquals(413, api.postDeclaring("/api/conversations", token, "application/json", 2_000_000).status());
    }

    private static byte[] text(int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) 'a');
        for (int i = 7; i < size; i += 8) b[i] = ' ';
        return new String(b, StandardCharsets.US_ASCII).getBytes(StandardCharsets.US_ASCII);
    }
}
