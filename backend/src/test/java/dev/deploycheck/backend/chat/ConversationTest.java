package dev.deploycheck.backend.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deploycheck.backend.support.Api;
import dev.deploycheck.backend.support.TestServices;
import dev.deploycheck.backend.support.Users;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Conversations and messages over HTTP, including ownership (another user's conversation does not exist for you). */
class ConversationTest {
    private final Api api = TestServices.get().api();
    private final Users.Session alice = Users.named("alice");
    private final Users.Session bob = Users.named("bob");

    @Test
    void createSendAndReadBack() {
        Api.Response created = api.post("/api/conversations", alice.accessToken(), Map.of("title", "  Release planning  "));
        assertEquals(201, created.status(), created::toString);
        String id = created.text("id");
        assertEquals("Release planning", created.text("title"));
        assertNotNull(created.text("createdAt"));

        Api.Response sent = api.post("/api/conversations/" + id + "/messages", alice.accessToken(), Map.of("content", "Hello, is the deploy ready?"));
        assertEquals(201, sent.status(), sent::toString);
        assertEquals("user", sent.json().path("userMessage").path("role").asText());
        assertEquals("Hello, is the deploy ready?", sent.json().path("userMessage").path("content").asText());
        assertEquals("assistant", sent.json().path("assistantMessage").path("role").asText());
        String reply = sent.json().path("assistantMessage").path("content").asText();
        assertTrue(reply.contains("Hello, is the deploy ready?"), reply);

        Api.Response again = api.post("/api/conversations/" + id + "/messages", alice.accessToken(), Map.of("content", "Hello, is the deploy ready?"));
        assertEquals(reply, again.json().path("assistantMessage").path("content").asText(), "the local responder is deterministic");

        Api.Response detail = api.get("/api/conversations/" + id, alice.accessToken());
        assertEquals(200, detail.status(), detail::toString);
        JsonNode messages = detail.json().path("messages");
        assertEquals(4, messages.size(), detail::toString);
        assertEquals(List.of("user", "assistant", "user", "assistant"), roles(messages));
    }

    @Test
    void listIsOwnOnlyNewestFirstAndPaginated() {
        Users.Session carol = Users.register(api, Users.uniqueEmail("carol"));
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            ids.add(api.post("/api/conversations", carol.accessToken(), Map.of("title", "c" + i)).text("id"));
        }
        api.post("/api/conversations", bob.accessToken(), Map.of("title", "bob's own"));

        Api.Response page1 = api.get("/api/conversations?limit=2", carol.accessToken());
        assertEquals(200, page1.status(), page1::toString);
        assertEquals(List.of("c5", "c4"), titles(page1.json().path("items")));
        assertEquals(2, page1.json().path("limit").asInt());
        String cursor = page1.text("nextCursor");
        assertNotNull(cursor);
        Api.Response page2 = api.get("/api/conversations?limit=2&cursor=" + cursor, carol.accessToken());
        assertEquals(List.of("c3", "c2"), titles(page2.json().path("items")));
        Api.Response page3 = api.get("/api/conversations?limit=2&cursor=" + page2.text("nextCursor"), carol.accessToken());
        assertEquals(List.of("c1"), titles(page3.json().path("items")));
        assertNull(page3.text("nextCursor"), "last page has no next cursor: " + page3);

        Api.Response all = api.get("/api/conversations?limit=100", carol.accessToken());
        assertEquals(5, all.json().path("items").size(), "only carol's own conversations: " + all);
    }

    @Test
    void anotherUsersConversationIsNotFoundForReadingOrWriting() {
        String id = api.post("/api/conversations", alice.accessToken(), Map.of("title", "alice private")).text("id");
        api.post("/api/conversations/" + id + "/messages", alice.accessToken(), Map.of("content", "secret plan"));

        Api.Response read = api.get("/api/conversations/" + id, bob.accessToken());
        assertEquals(404, read.status(), read::toString);
        assertEquals("not_found", read.text("error"));
        assertFalse(read.raw().contains("secret plan"));

        Api.Response write = api.post("/api/conversations/" + id + "/messages", bob.accessToken(), Map.of("content", "injected"));
        assertEquals(404, write.status(), write::toString);

        Api.Response aliceView = api.get("/api/conversations/" + id, alice.accessToken());
        assertEquals(2, aliceView.json().path("messages").size(), "bob's message was not stored: " + aliceView);
        assertFalse(titles(api.get("/api/conversations?limit=100", bob.accessToken()).json().path("items")).contains("alice private"));

        assertEquals(404, api.get("/api/conversations/not-a-uuid", alice.accessToken()).status());
        assertEquals(404, api.get("/api/conversations/00000000-0000-0000-0000-000000000000", alice.accessToken()).status());
    }

    @Test
    void inputIsValidatedWithTheOffendingField() {
        assertValidation(api.post("/api/conversations", alice.accessToken(), Map.of("title", "   ")), "title");
        assertValidation(api.post("/api/conversations", alice.accessToken(), Map.of("title", "x".repeat(201))), "title");
        assertValidation(api.post("/api/conversations", alice.accessToken(), Map.of("name", "no title")), "title");
        String id = api.post("/api/conversations", alice.accessToken(), Map.of("title", "validation")).text("id");
        assertValidation(api.post("/api/conversations/" + id + "/messages", alice.accessToken(), Map.of("content", "")), "content");
        assertValidation(api.post("/api/conversations/" + id + "/messages", alice.accessToken(), Map.of("content", "y".repeat(8001))), "content");
        assertValidation(api.get("/api/conversations?limit=0", alice.accessToken()), "limit");
        assertValidation(api.get("/api/conversations?limit=abc", alice.accessToken()), "limit");
        assertValidation(api.get("/api/conversations?cursor=garbage", alice.accessToken()), "cursor");
    }

    @Test
    void injectionPayloadsAreStoredAsTextNeverExecuted() {
        String sqli = "'); DROP TABLE messages; --";
        String xss = "<script>alert(1)</script>";
        Api.Response created = api.post("/api/conversations", alice.accessToken(), Map.of("title", sqli));
        assertEquals(201, created.status());
        Api.Response sent = api.post("/api/conversations/" + created.text("id") + "/messages", alice.accessToken(), Map.of("content", xss));
        assertEquals(201, sent.status());
        Api.Response detail = api.get("/api/conversations/" + created.text("id"), alice.accessToken());
        assertEquals(sqli, detail.text("title"));
        assertEquals(xss, detail.json().path("messages").get(0).path("content").asText());
        assertTrue(detail.header("Content-Type").orElse("").startsWith("application/json"));
        assertEquals(200, api.get("/api/conversations", alice.accessToken()).status(), "tables still there");
    }

    private static void assertValidation(Api.Response r, String field) {
        assertEquals(400, r.status(), r::toString);
        assertEquals("validation_failed", r.text("error"), r::toString);
        assertEquals(field, r.text("field"), r::toString);
    }

    private static List<String> titles(JsonNode items) {
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i.path("title").asText()));
        return out;
    }

    private static List<String> roles(JsonNode messages) {
        List<String> out = new ArrayList<>();
        messages.forEach(m -> out.add(m.path("role").asText()));
        return out;
    }
}
