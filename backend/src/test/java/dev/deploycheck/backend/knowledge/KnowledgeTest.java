package dev.deploycheck.backend.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deploycheck.backend.support.Api;
import dev.deploycheck.backend.support.Multipart;
import dev.deploycheck.backend.support.TestServices;
import dev.deploycheck.backend.support.Users;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The knowledge base over HTTP against the shared backend: upload, index, search, read, delete, isolation, encryption at rest. */
class KnowledgeTest {
    private final Api api = TestServices.get().api();

    static final String RUNBOOK = """
            # Release runbook

            The release window is Tuesday at 14:00 UTC. Before the window, the on-call engineer confirms the \
            database backup finished and that the staging verification passed.

            If the error ratio rises above one percent after the deploy, start the rollback: run the deploy \
            script with the rollback command, then verify the health endpoint again.
            """ + "Filler paragraph about unrelated operational matters and coffee. ".repeat(60);

    private Users.Session fresh(String name) {
        return Users.register(api, Users.uniqueEmail(name));
    }

    @Test
    void uploadIndexesTheTextAndSearchFindsItWithHighlights() {
        Users.Session u = fresh("kb-upload");
        byte[] bytes = RUNBOOK.getBytes(StandardCharsets.UTF_8);
        Api.Response up = Multipart.upload(api, u.accessToken(), "runbook.md", "text/markdown", bytes);
        assertEquals(201, up.status(), up::toString);
        assertEquals("runbook.md", up.text("title"));
        assertEquals("runbook.md", up.text("filename"));
        assertEquals("text/markdown", up.text("contentType"));
        assertEquals(bytes.length, up.json().path("size").asLong());
        assertEquals(KnowledgeService.sha256(bytes), up.text("sha256"));
        assertTrue(up.json().path("chunks").asInt() >= 4, up::toString);
        assertNotNull(up.text("createdAt"));
        assertFalse(up.json().path("duplicate").asBoolean());
        String id = up.text("id");

        Api.Response found = api.post("/api/knowledge/search", u.accessToken(), Map.of("query", "rollback error ratio", "limit", 5));
        assertEquals(200, found.status(), found::toString);
        JsonNode results = found.json().path("results");
        assertTrue(results.size() >= 1, found::toString);
        JsonNode top = results.get(0);
        assertEquals(id, top.path("documentId").asText());
        assertEquals("runbook.md", top.path("title").asText());
        assertTrue(top.path("chunkId").asLong() > 0);
        assertTrue(top.path("rank").asDouble() > 0);
        assertTrue(top.path("snippet").asText().contains("<mark>rollback</mark>"), top::toString);

        Api.Response got = api.get("/api/knowledge/documents/" + id, u.accessToken());
        assertEquals(200, got.status());
        assertEquals(up.text("sha256"), got.text("sha256"));
    }

    @Test
    void theSameContentUploadedTwiceIsRecognised() {
        Users.Session u = fresh("kb-dup");
        byte[] bytes = "the same bytes, twice".getBytes(StandardCharsets.UTF_8);
        Api.Response first = Multipart.upload(api, u.accessToken(), "a.txt", "text/plain", bytes);
        Api.Response second = new Multipart().file("file", "b.txt", "text/plain", bytes).field("title", "Another name").upload(api, u.accessToken());
        assertEquals(201, first.status(), first::toString);
        assertEquals(200, second.status(), second::toString);
        assertTrue(second.json().path("duplicate").asBoolean());
        assertEquals(first.text("id"), second.text("id"));
        assertEquals(1, api.get("/api/knowledge/documents", u.accessToken()).json().path("total").asInt());
        // another user uploading the same bytes gets their own document
        assertEquals(201, Multipart.upload(api, fresh("kb-dup2").accessToken(), "a.txt", "text/plain", bytes).status());
    }

    @Test
    void pdfTextIsExtracted() throws IOException {
        Users.Session u = fresh("kb-pdf");
        Api.Response up = Multipart.upload(api, u.accessToken(), "manual.pdf", "application/pdf", pdf("The zeppelin hangar opens at dawn."));
        assertEquals(201, up.status(), up::toString);
        assertEquals("application/pdf", up.text("contentType"));
        JsonNode results = api.post("/api/knowledge/search", u.accessToken(), Map.of("query", "zeppelin")).json().path("results");
        assertEquals(1, results.size());
        assertTrue(results.get(0).path("snippet").asText().contains("<mark>zeppelin</mark>"), results::toString);
    }

    @Test
    void typesOtherThanTextMarkdownAndPdfAreRefused() throws IOException {
        String token = fresh("kb-types").accessToken();
        assertEquals(415, Multipart.upload(api, token, "photo.png", "image/png", new byte[]{(byte) 0x89, 'P', 'N', 'G'}).status());
        assertEquals(415, Multipart.upload(api, token, "tool.exe", "application/octet-stream", new byte[]{'M', 'Z', 0, 1}).status());
        assertEquals(415, Multipart.upload(api, token, "notes.txt", "text/plain", new byte[]{(byte) 0xff, (byte) 0xfe, 0, 0, 1}).status(),
                "binary bytes under a text type");
        assertEquals(415, Multipart.upload(api, token, "fake.pdf", "application/pdf", "not a pdf".getBytes(StandardCharsets.UTF_8)).status());
        assertEquals(400, Multipart.upload(api, token, "empty.txt", "text/plain", new byte[0]).status());
        assertEquals(415, api.post("/api/knowledge/documents", token, Map.of("file", "x")).status(), "JSON instead of multipart");
        Api.Response noFile = new Multipart().field("title", "no file").upload(api, token);
        assertEquals(400, noFile.status(), noFile::toString);
        assertEquals("file", noFile.text("field"));
        // by extension when the client sends a generic type
        assertEquals(201, Multipart.upload(api, token, "readme.md", "application/octet-stream", pdfFree()).status());
        assertEquals(201, Multipart.upload(api, token, "doc.pdf", null, pdf("generic type, real PDF")).status());
    }

    @Test
    void fileNamesAreSanitisedAndTitlesMustBePlainText() {
        String token = fresh("kb-names").accessToken();
        Api.Response up = Multipart.upload(api, token, "../../etc/<img src=x onerror=alert(1)>.txt", "text/plain", "harmless".getBytes(StandardCharsets.UTF_8));
        assertEquals(201, up.status(), up::toString);
        String name = up.text("filename");
        assertFalse(name.contains("/") || name.contains("<") || name.contains(">") || name.startsWith("."), name);
        assertTrue(name.endsWith(".txt"), name);
        Api.Response badTitle = new Multipart().file("file", "t.txt", "text/plain", "other".getBytes(StandardCharsets.UTF_8))
                .field("title", "<script>alert(1)</script>").upload(api, token);
        assertEquals(400, badTitle.status());
        assertFalse(badTitle.raw().contains("<script>"), badTitle::toString);
    }

    @Test
    void snippetsNeverCarryUploadedMarkup() {
        Users.Session u = fresh("kb-xss");
        String text = "Deployment notes <script>alert('xss')</script> and <img src=x onerror=alert(1)> deployment \"quoted\" & done";
        assertEquals(201, Multipart.upload(api, u.accessToken(), "xss.txt", "text/plain", text.getBytes(StandardCharsets.UTF_8)).status());
        Api.Response found = api.post("/api/knowledge/search", u.accessToken(), Map.of("query", "deployment"));
        String snippet = found.json().path("results").get(0).path("snippet").asText();
        assertTrue(snippet.contains("&lt;img src=x onerror=alert(1)&gt;"), snippet);
        assertTrue(snippet.contains("<mark>"), snippet);
        assertEquals("", snippet.replaceAll("</?mark>", "").replaceAll("[^<>]", ""), "no tag but <mark>: " + snippet);
        assertFalse(found.raw().contains("<script>") || found.raw().contains("<img"), found::toString);

        Api.Response probe = api.post("/api/knowledge/search", u.accessToken(), Map.of("query", "<script>alert(1)</script>' OR 1=1 --"));
        assertEquals(200, probe.status(), probe::toString);
        assertFalse(probe.raw().contains("<script>"), probe::toString);
    }

    @Test
    void documentsAreTheOwnersOnly() {
        Users.Session owner = fresh("kb-owner");
        Users.Session other = fresh("kb-other");
        String id = Multipart.upload(api, owner.accessToken(), "secret.txt", "text/plain", "classified quasar coordinates".getBytes(StandardCharsets.UTF_8)).text("id");
        assertEquals(404, api.get("/api/knowledge/documents/" + id, other.accessToken()).status());
        assertEquals(404, api.get("/api/knowledge/documents/" + id + "/content", other.accessToken()).status());
        assertEquals(404, delete("/api/knowledge/documents/" + id, other.accessToken()).status());
        assertEquals(0, api.post("/api/knowledge/search", other.accessToken(), Map.of("query", "quasar")).json().path("results").size());
        assertEquals(0, api.get("/api/knowledge/documents", other.accessToken()).json().path("items").size());
        assertEquals(401, api.get("/api/knowledge/documents", null).status());
        assertEquals(401, Multipart.upload(api, null, "a.txt", "text/plain", "x".getBytes(StandardCharsets.UTF_8)).status());
        assertEquals(404, api.get("/api/knowledge/documents/not-a-uuid", owner.accessToken()).status());
    }

    @Test
    void deleteRemovesTheDocumentAndItsPassages() {
        Users.Session u = fresh("kb-delete");
        String id = Multipart.upload(api, u.accessToken(), "gone.txt", "text/plain", "ephemeral nebula".getBytes(StandardCharsets.UTF_8)).text("id");
        assertEquals(1, api.post("/api/knowledge/search", u.accessToken(), Map.of("query", "nebula")).json().path("results").size());
        Api.Response deleted = delete("/api/knowledge/documents/" + id, u.accessToken());
        assertEquals(204, deleted.status());
        assertEquals("", deleted.raw());
        assertEquals(404, api.get("/api/knowledge/documents/" + id, u.accessToken()).status());
        assertEquals(0, api.post("/api/knowledge/search", u.accessToken(), Map.of("query", "nebula")).json().path("results").size());
        assertEquals(404, delete("/api/knowledge/documents/" + id, u.accessToken()).status());
    }

    @Test
    void theListIsPaginatedNewestFirst() {
        Users.Session u = fresh("kb-pages");
        for (int i = 1; i <= 3; i++) {
            Multipart.upload(api, u.accessToken(), "doc" + i + ".txt", "text/plain", ("document number " + i).getBytes(StandardCharsets.UTF_8));
        }
        Api.Response page1 = api.get("/api/knowledge/documents?limit=2", u.accessToken());
        assertEquals(2, page1.json().path("items").size(), page1::toString);
        assertEquals(3, page1.json().path("total").asInt());
        assertEquals("doc3.txt", page1.json().path("items").get(0).path("title").asText());
        Api.Response page2 = api.get("/api/knowledge/documents?limit=2&cursor=" + page1.text("nextCursor"), u.accessToken());
        assertEquals(1, page2.json().path("items").size());
        assertTrue(page2.json().path("nextCursor").isNull());
        Set<String> ids = new HashSet<>();
        for (JsonNode n : page1.json().path("items")) ids.add(n.path("id").asText());
        ids.add(page2.json().path("items").get(0).path("id").asText());
        assertEquals(3, ids.size());
        assertEquals(400, api.get("/api/knowledge/documents?cursor=garbage", u.accessToken()).status());
    }

    @Test
    void searchValidatesItsInput() {
        String token = fresh("kb-search-input").accessToken();
        assertEquals(400, api.post("/api/knowledge/search", token, Map.of("query", "  ")).status());
        assertEquals(400, api.post("/api/knowledge/search", token, Map.of("limit", 5)).status());
        assertEquals(400, api.post("/api/knowledge/search", token, Map.of("query", "x", "limit", 0)).status());
        assertEquals(400, api.post("/api/knowledge/search", token, Map.of("query", "x", "limit", "ten")).status());
        assertEquals(400, api.post("/api/knowledge/search", token, Map.of("query", "x".repeat(501))).status());
        Api.Response stopWords = api.post("/api/knowledge/search", token, Map.of("query", "the and of"));
        assertEquals(200, stopWords.status());
        assertEquals(0, stopWords.json().path("results").size());
    }

    @Test
    void originalsAreEncryptedAtRestAndComeBackIntact() throws Exception {
        Users.Session u = fresh("kb-crypto");
        byte[] bytes = "plaintext marker: ultraviolet-giraffe-4711".getBytes(StandardCharsets.UTF_8);
        String id = Multipart.upload(api, u.accessToken(), "crypto.txt", "text/plain", bytes).text("id");
        try (Connection c = database(); PreparedStatement ps = c.prepareStatement("SELECT content_sealed, key_id FROM documents WHERE id = ?")) {
            ps.setObject(1, UUID.fromString(id));
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                byte[] sealed = rs.getBytes(1);
                assertEquals(12 + bytes.length + 16, sealed.length, "nonce + ciphertext + tag");
                assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("ultraviolet"), "no plaintext in the row");
                assertEquals(16, rs.getString(2).length());
            }
        }
        HttpResponse<byte[]> original = rawGet("/api/knowledge/documents/" + id + "/content", u.accessToken());
        assertEquals(200, original.statusCode());
        assertArrayEquals(bytes, original.body());
        assertTrue(original.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment"));
    }

    @Test
    void theLocalAssistantAnswersFromTheDocumentsAndNamesThem() {
        Users.Session u = fresh("kb-assistant");
        new Multipart().file("file", "runbook.md", "text/markdown", RUNBOOK.getBytes(StandardCharsets.UTF_8))
                .field("title", "Release runbook").upload(api, u.accessToken());
        String conversation = api.post("/api/conversations", u.accessToken(), Map.of("title", "q")).text("id");
        Api.Response r = api.post("/api/conversations/" + conversation + "/messages", u.accessToken(), Map.of("content", "When is the release window?"));
        assertEquals(201, r.status(), r::toString);
        String reply = r.json().path("assistantMessage").path("content").asText();
        assertTrue(reply.contains("\"Release runbook\""), reply);
        assertTrue(reply.contains("Tuesday at 14:00 UTC"), reply);
        Api.Response again = api.post("/api/conversations/" + conversation + "/messages", u.accessToken(), Map.of("content", "When is the release window?"));
        assertEquals(reply, again.json().path("assistantMessage").path("content").asText(), "deterministic");
    }

    @Test
    void uploadsAndSearchesAreMetered() {
        String token = fresh("kb-metrics").accessToken();
        Multipart.upload(api, token, "m.txt", "text/plain", "metered comet".getBytes(StandardCharsets.UTF_8));
        api.post("/api/knowledge/search", token, Map.of("query", "comet"));
        String metrics = api.get("/metrics", null).raw();
        for (String name : List.of("knowledge_uploads_total{outcome=\"created\"}", "knowledge_upload_seconds_count",
                "knowledge_search_seconds_count", "knowledge_search_seconds_bucket", "ws_connections", "assistant_reply_seconds_count")) {
            assertTrue(metrics.contains(name), name + " missing from /metrics");
        }
    }

    Api.Response delete(String path, String token) {
        return api.send(api.request(path, token).DELETE().build());
    }

    private HttpResponse<byte[]> rawGet(String path, String token) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(api.request(path, token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static Connection database() throws Exception {
        String url = TestServices.get().env(Map.of()).get("DATABASE_URL"); // postgres://postgres@127.0.0.1:port/postgres
        return DriverManager.getConnection("jdbc:postgresql://" + url.substring(url.indexOf('@') + 1), "postgres", null);
    }

    private static byte[] pdfFree() {
        return "# Heading\n\nMarkdown by extension.".getBytes(StandardCharsets.UTF_8);
    }

    static byte[] pdf(String line) throws IOException {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 700);
                content.showText(line);
                content.endText();
            }
            doc.save(out);
            return out.toByteArray();
        }
    }
}
