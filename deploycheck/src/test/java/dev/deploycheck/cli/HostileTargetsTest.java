package dev.deploycheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsServer;
import dev.deploycheck.testing.CliRun;
import dev.deploycheck.testing.RawServer;
import dev.deploycheck.testing.TestPki;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Targets that misbehave on purpose, run through the whole CLI: each one is a FAIL with a one-line reason that
 * states the fact (never an exception class name), and none of the target's raw bytes reach the console or JSON.
 */
class HostileTargetsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CLASS_NAME = Pattern.compile("[a-z]+\\.[a-z]+\\.[\\w.]*[A-Z]\\w*(Exception|Error)"
            + "|\\b\\w*(Exception|Error)\\b(?! [a-z])");

    @TempDir
    Path dir;

    /** The item's verdict and reason, from the JSON report; the console and JSON are checked for raw bytes. */
    record Outcome(String verdict, String message, String console) {}

    private Outcome run(String item) throws IOException {
        Path checklist = dir.resolve("c.yaml");
        Files.writeString(checklist, "version: 1\nsections:\n  - name: Hostile\n    items:\n      - id: hostile\n"
                + "        title: a hostile target\n" + item.indent(8));
        Path profile = dir.resolve("p.yaml");
        Files.writeString(profile, "name: p\n");
        Path report = dir.resolve("r.json");
        CliRun r = CliRun.of(Map.of(), "verify", "--checklist", checklist.toString(), "--profile", profile.toString(),
                "-f", "console",
                "-f", "json=" + report);
        assertEquals(1, r.exitCode(), r.describe());
        String json = Files.readString(report);
        for (String text : new String[] {r.out(), r.err(), json}) {
            for (char ch : text.toCharArray()) {
                assertFalse(ch < 0x20 && ch != '\n' && ch != '\r' && ch != '\t' || ch == 0x7f,
                        "control character U+" + Integer.toHexString(ch) + " in output:\n" + r.describe() + json);
            }
        }
        JsonNode result = JSON.readTree(json).path("items").get(0);
        String message = result.path("message").asText();
        assertFalse(message.contains("\n"), "one line: " + message);
        Matcher m = CLASS_NAME.matcher(message);
        assertFalse(m.find(), "exception class name '" + (m.find(0) ? m.group() : "") + "' in: " + message);
        return new Outcome(result.path("verdict").asText(), message, r.out());
    }

    private static void answer(Socket s, String head, byte[] body) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    @Test
    void aNonHttpAnswerIsEscapedAndCut() throws Exception {
        try (RawServer server = new RawServer(s -> {
            RawServer.readHead(s);
            answer(s, "", ("\u0000\u001b[31mSSH-2.0-OpenSSH_9.2\u0007\r\n" + "\u0001".repeat(500))
                    .getBytes(StandardCharsets.ISO_8859_1));
        })) {
            Outcome o = run("probe: http\nurl: " + server.url("http", "/") + "\nexpect: [status == 200]\n");
            assertEquals("FAIL", o.verdict(), o.message());
            assertTrue(o.message().contains("not an HTTP response") && o.message().contains("\\x1b[31mSSH-2.0"),
                    o.message());
            assertTrue(o.message().length() < 300, o.message());
        }
    }

    @Test
    void aTruncatedJsonBodyIsInvalidJsonAtItsLineAndColumn() throws Exception {
        byte[] body = "{\"status\":\"UP\",\n \"checks\": [".getBytes(StandardCharsets.UTF_8);
        try (RawServer server = new RawServer(s -> {
            RawServer.readHead(s);
            answer(s, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n", body);
        })) {
            Outcome o = run("probe: http\nurl: " + server.url("http", "/health") + "\nexpect: [json.status == \"UP\"]\n");
            assertEquals("FAIL", o.verdict(), o.message());
            assertTrue(o.message().startsWith("json.status == \"UP\": invalid JSON at 2:"), o.message());
            assertFalse(o.message().contains("missing"), o.message());
        }
    }

    @Test
    void aBodyOverTheCapIsNeverEvaluated() throws Exception {
        byte[] body = ("{\"status\":\"UP\",\"pad\":\"" + "x".repeat(2 << 20) + "\"}").getBytes(StandardCharsets.UTF_8);
        try (RawServer server = new RawServer(s -> {
            RawServer.readHead(s);
            answer(s, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n", body);
        })) {
            Outcome o = run("probe: http\nurl: " + server.url("http", "/health")
                    + "\nexpect: [status == 200, body contains \"UP\", json.status == \"UP\"]\n");
            assertEquals("FAIL", o.verdict(), o.message());
            assertEquals("body contains \"UP\": body exceeds 1 MiB limit", o.message());
        }
    }

    @Test
    void aRedisThatNeverAnswersIsAlwaysTheSameFail() throws Exception {
        try (RawServer server = new RawServer(s -> s.getInputStream().transferTo(OutputStream.nullOutputStream()))) {
            for (int i = 0; i < 4; i++) {
                Outcome o = run("probe: redis\nurl: " + server.url("redis", "") + "\ntimeout: 700ms\n");
                assertEquals("FAIL", o.verdict(), "run " + i + ": " + o.message());
                assertTrue(o.message().endsWith("timed out after 700ms"), "run " + i + ": " + o.message());
                assertTrue(o.message().startsWith("Redis at redis://127.0.0.1:" + server.port()), o.message());
            }
        }
    }

    @Test
    void malformedExpositionFailsNamingTheFirstBadLine() throws Exception {
        byte[] body = "# TYPE http_requests_total counter\nhttp_requests_total{code=\"200\" 5\nup 1\n"
                .getBytes(StandardCharsets.UTF_8);
        try (RawServer server = new RawServer(s -> {
            RawServer.readHead(s);
            answer(s, "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n", body);
        })) {
            Outcome o = run("probe: metrics\nurl: " + server.url("http", "/metrics")
                    + "\nmetrics:\n  up: {value: up}\nexpect: [metric.up == 1]\n");
            assertEquals("FAIL", o.verdict(), o.message());
            assertTrue(o.message().contains("line 2"), o.message());
            assertTrue(o.message().contains("http_requests_total{code=\\\"200\\\" 5")
                    || o.message().contains("http_requests_total{code=\"200\" 5"), o.message());
        }
    }

    @Test
    void aWebSocketFrameWithReservedBitsIsAProtocolError() throws Exception {
        try (RawServer server = new RawServer(s -> {
            String head = RawServer.readHead(s);
            Matcher key = Pattern.compile("(?i)Sec-WebSocket-Key: *(\\S+)").matcher(head);
            if (!key.find()) {
                return;
            }
            String accept;
            try {
                accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(
                        (key.group(1) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            answer(s, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n", new byte[] {(byte) 0xF1, 2, 'h', 'i'});
            s.getInputStream().transferTo(OutputStream.nullOutputStream());
        })) {
            Outcome o = run("probe: websocket\nurl: " + server.url("ws", "/ws") + "\ntoken: t\ntimeout: 3s\n");
            assertEquals("FAIL", o.verdict(), o.message());
            assertTrue(o.message().contains("WebSocket protocol error: reserved bits set"), o.message());
        }
    }

    @Test
    void anUntrustedCertificateSaysSo() throws Exception {
        TestPki.Issued self = TestPki.selfSigned(dir, "self", "localhost", TestPki.days(-1), TestPki.days(30), false,
                "127.0.0.1");
        HttpsServer server = self.httpsServer();
        try {
            Outcome o = run("probe: http\nurl: https://127.0.0.1:" + server.getAddress().getPort() + "/\n");
            assertEquals("FAIL", o.verdict(), o.message());
            assertTrue(o.message().contains("untrusted certificate: no path to a trusted root"), o.message());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aPostgresConnectTimeoutLeavesNoConnectionOpen() throws Exception {
        RawServer[] ref = new RawServer[1];
        try (RawServer server = new RawServer(s -> ref[0].drainUntilClientCloses(s))) {
            ref[0] = server;
            Outcome o = run("probe: postgres\nurl: postgresql://app@127.0.0.1:" + server.port() + "/app\n"
                    + "timeout: 1500ms\n");
            assertEquals("FAIL", o.verdict(), o.message());
            assertTrue(o.message().endsWith("timed out after 1.5s"), o.message());
            assertTrue(server.accepted() >= 1);
            assertTrue(server.awaitClientClose(200), "the probe's connection is still open after the item ended");
        }
    }
}
