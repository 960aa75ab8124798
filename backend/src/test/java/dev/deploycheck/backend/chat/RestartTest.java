package dev.deploycheck.backend.chat;

import dev.deploycheck.backend.App;
import dev.deploycheck.backend.support.Api;
import dev.deploycheck.backend.support.TestServices;
import dev.deploycheck.backend.support.Users;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a backend committed is still there after it stops and another one starts on the same database. */
class RestartTest {

    @Test
    void messagesSurviveABackendRestart() {
        Users.Session alice = Users.named("alice");
        String id;
        App before = TestServices.get().startApp(Map.of());
        try {
            Api api = new Api("http://127.0.0.1:" + before.port());
            id = api.post("/api/conversations", alice.accessToken(), Map.of("title", "before restart")).text("id");
            assertEquals(201, api.post("/api/conversations/" + id + "/messages", alice.accessToken(), Map.of("content", "remember me")).status());
        } finally {
            before.close();
        }
        App after = TestServices.get().startApp(Map.of());
        try {
            Api api = new Api("http://127.0.0.1:" + after.port());
            Api.Response r = api.get("/api/conversations/" + id, alice.accessToken());
            assertEquals(200, r.status(), r::toString);
            assertEquals("before restart", r.text("title"));
            assertEquals(2, r.json().path("messages").size());
            assertEquals("remember me", r.json().path("messages").get(0).path("content").asText());
        } finally {
            after.close();
        }
    }
}
