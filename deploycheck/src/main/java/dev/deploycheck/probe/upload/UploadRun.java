package dev.deploycheck.probe.upload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.ProbeContext;
import dev.deploycheck.probe.http.CappedBody;
import dev.deploycheck.probe.http.Exchange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One run of the {@code upload} probe: upload, list, search, then delete in a finally block. The steps before the
 * delete run against a deadline moved forward by a reserve, so that a slow step still leaves time to clean up. A
 * transport failure of the upload fails the item outright (nothing was stored); later failures fail their check.
 */
final class UploadRun {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MAX_RESERVE = Duration.ofSeconds(2);

    private final UploadProbe.Spec spec;
    private final ProbeContext ctx;
    private final ProbeContext steps;
    private final Observation obs = new Observation();
    private HttpClient client;

    UploadRun(UploadProbe.Spec spec, ProbeContext ctx) {
        this.spec = spec;
        this.ctx = ctx;
        Duration reserve = ctx.timeout() == null ? MAX_RESERVE : ctx.timeout().dividedBy(5);
        reserve = reserve.compareTo(MAX_RESERVE) > 0 ? MAX_RESERVE : reserve;
        this.steps = new ProbeContext(ctx.itemId(), ctx.timeout(), ctx.deadline().minus(reserve), ctx.baseDir(),
                ctx.env(), ctx.redactor());
    }

    Observation run() throws IOException, InterruptedException {
        if (spec.url() == null) {
            throw new IllegalStateException("upload probe has no valid url");
        }
        client = spec.tls().client(ctx, HttpClient.Redirect.NEVER, HttpClient.Version.HTTP_1_1);
        MarkerDocument doc = MarkerDocument.generate(spec.contentType(), spec.size());
        obs.fact("marker", doc.marker());
        String id = null;
        try {
            id = upload(doc);
            if (id != null) {
                list(id);
                search(doc.marker(), id);
            }
        } finally {
            if (id != null) {
                cleanup(id);
            }
        }
        return obs;
    }

    private String upload(MarkerDocument doc) throws IOException, InterruptedException {
        Multipart body = new Multipart().field("title", doc.title())
                .file("file", doc.filename(), doc.contentType(), doc.content());
        Instant start = Instant.now();
        Answer a = send("POST", spec.documents(), body.contentType(), body.body(), steps);
        Duration took = Duration.between(start, Instant.now());
        obs.fact("uploadStatus", a.status());
        obs.fact("uploadTime", took);
        obs.evidence("POST " + spec.documents() + " (" + doc.content().length + " bytes, " + doc.contentType()
                + ") -> " + a.status() + " (" + took.toMillis() + "ms)" + a.error());
        String id = a.json().path("id").asText("");
        if (a.status() == 201 && !id.isEmpty()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("id", id);
            for (String k : new String[] {"title", "filename", "contentType"}) {
                d.put(k, a.json().path(k).asText(null));
            }
            d.put("size", a.json().path("size").asLong());
            d.put("chunks", a.json().path("chunks").asInt());
            obs.fact("document", d);
            obs.check("uploaded", true, "201, document " + id);
            return id;
        }
        obs.check("uploaded", false, a.status() == 200 && !id.isEmpty()
                ? "200: the server already held an identical document (" + id + "), expected 201"
                : "expected 201, got " + a.status() + a.error());
        return null;
    }

    private void list(String id) throws InterruptedException {
        try {
            Answer a = send("GET", URI.create(spec.documents() + "?limit=100"), null, null, steps);
            boolean listed = false;
            for (JsonNode item : a.json().path("items")) {
                listed |= id.equals(item.path("id").asText());
            }
            obs.fact("listStatus", a.status());
            obs.fact("listed", listed);
            obs.evidence("GET " + spec.documents() + " -> " + a.status() + a.error());
            obs.check("listed", listed, listed ? "document " + id + " in the list"
                    : "document " + id + " not in the list (" + a.status() + a.error() + ")");
        } catch (IOException e) {
            obs.fact("listed", false);
            obs.check("listed", false, e.getMessage());
        }
    }

    private void search(String marker, String id) throws InterruptedException {
        try {
            byte[] query = JSON.writeValueAsBytes(Map.of("query", marker, "limit", 10));
            Instant start = Instant.now();
            Answer a = send("POST", spec.search(), "application/json", query, steps);
            Duration took = Duration.between(start, Instant.now());
            JsonNode hit = null;
            for (JsonNode r : a.json().path("results")) {
                if (hit == null && id.equals(r.path("documentId").asText())) {
                    hit = r;
                }
            }
            obs.fact("searchStatus", a.status());
            obs.fact("searchTime", took);
            obs.fact("found", hit != null);
            obs.fact("snippet", hit == null ? null : hit.path("snippet").asText());
            obs.evidence("POST " + spec.search() + " {query: " + marker + "} -> " + a.status() + " ("
                    + took.toMillis() + "ms, " + a.json().path("results").size() + " results)" + a.error());
            obs.check("found by search", hit != null, hit != null ? "marker " + marker + " found in document " + id
                    : "no result for marker " + marker + " from document " + id + " (" + a.status() + a.error() + ")");
        } catch (IOException e) {
            obs.fact("found", false);
            obs.check("found by search", false, e.getMessage());
        }
    }

    /** Always runs once something was uploaded; within the item's full deadline (the reserve is for this). */
    private void cleanup(String id) throws InterruptedException {
        if (!spec.cleanup()) {
            obs.evidence("cleanup: false: document " + id + " left in place");
            return;
        }
        boolean interrupted = Thread.interrupted(); // the document must go even when the run is being cancelled
        try {
            Answer a = send("DELETE", spec.document(id), null, null, ctx);
            boolean deleted = a.status() / 100 == 2;
            obs.fact("deleteStatus", a.status());
            obs.fact("deleted", deleted);
            obs.evidence("DELETE " + spec.document(id) + " -> " + a.status() + a.error());
            obs.check("cleaned up", deleted, deleted ? "document " + id + " deleted (" + a.status() + ")"
                    : "DELETE answered " + a.status() + a.error() + ": document " + id + " may remain");
        } catch (IOException e) {
            obs.fact("deleted", false);
            obs.check("cleaned up", false, e.getMessage() + ": document " + id + " may remain");
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** An answer: status, parsed JSON (missing node when none), and ", error: message" for an error body. */
    private record Answer(int status, JsonNode json) {
        String error() {
            if (status < 400 || !json.has("error")) {
                return "";
            }
            return " " + json.path("error").asText() + ": " + json.path("message").asText();
        }
    }

    private Answer send(String method, URI uri, String contentType, byte[] body, ProbeContext within)
            throws IOException, InterruptedException {
        Duration left = within.remaining();
        if (left.isZero()) {
            throw new IOException("timed out before " + method + " " + uri);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(left).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (spec.token() != null) {
            b.header("Authorization", "Bearer " + spec.token());
        }
        HttpResponse<CappedBody.Bytes> r = Exchange.send(client, b.build(), within);
        JsonNode json;
        try {
            String text = new String(r.body().data(), StandardCharsets.UTF_8);
            json = text.isBlank() ? JSON.missingNode() : JSON.readTree(text);
        } catch (IOException e) {
            json = JSON.missingNode();
        }
        return new Answer(r.statusCode(), json == null ? JSON.missingNode() : json);
    }
}
