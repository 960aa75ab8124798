package dev.deploycheck.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reads the deployed commit from a real (JDK) HTTP server standing in for the backend's /api/health. */
class SubjectResolverTest {
    private static final String COMMIT = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        route("/api/health", 200, "{\"status\":\"UP\",\"version\":\"1.4.0\",\"commit\":\"" + COMMIT + "\"}");
        route("/down", 503, "{\"status\":\"DOWN\"}");
        route("/nocommit", 200, "{\"status\":\"UP\"}");
        route("/html", 200, "<html>ok</html>");
        route("/short", 200, "{\"commit\":\"4b825dc\"}");
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void route(String path, int status, String body) {
        server.createContext(path, ex -> {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void readsTheCommitFromTheHealthEndpoint() throws Exception {
        List<Subject> s = new SubjectResolver().resolve(List.of(), url("/api/health"));
        assertEquals(List.of(Subject.gitCommit(url("/api/health").toString(), COMMIT)), s);
    }

    @Test
    void givenSubjectsWinOverTheHealthEndpoint() throws Exception {
        List<Subject> s = new SubjectResolver().resolve(List.of("backend@sha256:" + "b".repeat(64)), url("/down"));
        assertEquals("backend", s.get(0).name());
        assertEquals(List.of(), new SubjectResolver().resolve(List.of(), null));
    }

    @Test
    void saysWhyTheCommitIsUnknown() {
        assertTrue(assertThrows(IOException.class, () -> new SubjectResolver().fromHealth(url("/down"))).getMessage()
                .endsWith("/down answered 503, so the deployed commit is unknown"));
        assertTrue(assertThrows(IOException.class, () -> new SubjectResolver().fromHealth(url("/nocommit"))).getMessage()
                .endsWith("has no 'commit' field, so the deployed commit is unknown"));
        assertTrue(assertThrows(IOException.class, () -> new SubjectResolver().fromHealth(url("/html"))).getMessage()
                .endsWith("did not answer JSON, so the deployed commit is unknown"));
        assertTrue(assertThrows(InvalidInputException.class, () -> new SubjectResolver().fromHealth(url("/short"))).getMessage()
                .contains("a git commit is 40 (or 64) hex digits"));
        assertThrows(InvalidInputException.class, () -> new SubjectResolver().resolve(List.of("nonsense"), null));
    }

    @org.junit.jupiter.api.Test
    void theCommitCapturedByTheRunIsTheSubject() {
        dev.deploycheck.run.ItemResult health = dev.deploycheck.report.SampleRun.item("health-passing", "Health", "S", "http",
                dev.deploycheck.checklist.Severity.CRITICAL, dev.deploycheck.run.Verdict.PASS, "ok", java.util.List.of(),
                java.util.List.of(), 3, 9);
        health = new dev.deploycheck.run.ItemResult(health.id(), health.title(), health.section(), health.kind(),
                health.severity(), health.verdict(), health.message(), health.expectations(), health.checks(),
                health.evidence(), java.util.Map.of("commit", "139678CF84296D7C421476B6CC36FBA7EBEB4BE7"),
                health.startedAt(), health.duration(), health.attempts(), health.pos());
        Subject s = SubjectResolver.fromCaptures(dev.deploycheck.report.SampleRun.run(java.util.List.of(health))).orElseThrow();
        org.junit.jupiter.api.Assertions.assertEquals("deployment/local", s.name());
        org.junit.jupiter.api.Assertions.assertEquals(java.util.Map.of("gitCommit", "139678cf84296d7c421476b6cc36fba7ebeb4be7"),
                s.digestMap());
        org.junit.jupiter.api.Assertions.assertTrue(SubjectResolver.fromCaptures(dev.deploycheck.report.SampleRun.failed()).isEmpty());
    }
}
