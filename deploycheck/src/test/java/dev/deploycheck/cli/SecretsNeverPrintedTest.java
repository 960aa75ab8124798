package dev.deploycheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.deploycheck.report.ReportFormats;
import dev.deploycheck.testing.CliRun;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Known secret values — from the env file, the process environment, a URL password and a secret capture — are
 * echoed back by the target into bodies, headers and failure messages; no output format may contain them.
 */
class SecretsNeverPrintedTest {
    static final String TOKEN = "tok-7f3a9c2e5b1d4f60";
    static final String JWT = "jwt-Qm9vbGVhbiBzZWNyZXQgdmFsdWUgaGVyZQ";
    static final String DB_PASSWORD = "pw-Xy7Kq2Lm9Nz4";
    static final String CAPTURED = "cap-9d8c7b6a5f4e3d2c";

    @TempDir
    Path dir;

    @Test
    void noSecretInAnyFormat() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String echo = ex.getRequestURI() + " " + ex.getRequestHeaders().getFirst("Authorization") + " "
                    + ex.getRequestHeaders().getFirst("X-Db") + " {\"session\":\"" + CAPTURED + "\"}";
            byte[] body = ("{\"session\":\"" + CAPTURED + "\",\"echo\":\"" + echo.replace("\"", "'") + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("X-Echo", echo.replace("\n", " "));
            ex.sendResponseHeaders(500, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            Files.writeString(dir.resolve(".env"), "JWT_SECRET=" + JWT + "\nDATABASE_URL=postgres://app:" + DB_PASSWORD
                    + "@127.0.0.1:5432/app\n");
            Files.writeString(dir.resolve("p.yaml"), "name: p\nenvFile: .env\nvars:\n  api: " + base + "\n");
            Files.writeString(dir.resolve("c.yaml"), String.join("\n",
                    "version: 1", "sections:", "  - name: S", "    items:",
                    "      - id: login", "        title: login", "        probe: http", "        url: ${vars.api}/login",
                    "        capture:", "          session: {from: json.session, secret: true}",
                    "        severity: warning",
                    "      - id: call", "        title: call with every secret", "        probe: http",
                    "        url: ${vars.api}/x?key=${secret.API_TOKEN}&jwt=${env.JWT_SECRET}&s=${login.session}",
                    "        needs: [login]",
                    "        headers:", "          Authorization: Bearer ${secret.API_TOKEN}", "          X-Db: ${env.DATABASE_URL}",
                    "        expect:", "          - status == 200", "          - body contains \"nothing\"",
                    "          - header.X-Echo == \"x\"",
                    "      - id: env-secrets", "        title: secrets strong", "        probe: env",
                    "        vars: [JWT_SECRET, API_TOKEN]", "        secret: true", "        minLength: 100", ""));
            List<String> outputs = new ArrayList<>();
            List<String> args = new ArrayList<>(List.of("verify", "--checklist", dir.resolve("c.yaml").toString(),
                    "--profile", dir.resolve("p.yaml").toString(), "--verbose"));
            for (String f : ReportFormats.names()) {
                args.add("-f");
                args.add(f + "=" + dir.resolve("out." + f));
            }
            CliRun r = CliRun.of(Map.of("API_TOKEN", TOKEN), args.toArray(String[]::new));
            assertEquals(1, r.exitCode(), r.describe());
            assertTrue(r.out().contains("call"), r.describe());
            outputs.add(r.out());
            outputs.add(r.err());
            for (String f : ReportFormats.names()) {
                outputs.add(Files.readString(dir.resolve("out." + f)));
            }
            String all = String.join("\n", outputs);
            assertTrue(all.contains("********"), "secrets should show as masked: " + all);
            for (String secret : List.of(TOKEN, JWT, DB_PASSWORD, CAPTURED)) {
                assertFalse(all.contains(secret), "secret " + secret + " leaked:\n" + all);
            }
        } finally {
            server.stop(0);
        }
    }

    static final String LONG_SECRET = "Xk9#mQ2&vL7 pR4+tW8/zN5=";

    /**
     * The target echoes the secret at every offset around the display cut (80 characters), and encoded (base64,
     * inside a Basic credential, percent-encoded with + or %20): no four characters of it in a row reach any output.
     */
    @Test
    void noPartOfASecretAtAnyOffsetInAnyForm() throws Exception {
        String basic = java.util.Base64.getEncoder().encodeToString(("deploy:" + LONG_SECRET).getBytes(StandardCharsets.UTF_8));
        String pct = java.net.URLEncoder.encode(LONG_SECRET, StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            int k = Integer.parseInt(ex.getRequestURI().getPath().substring(1));
            String echo = "x".repeat(k) + LONG_SECRET + " tail";
            String body = "{\"m\":\"" + echo.replace("\\", "\\\\") + "\",\"b\":\"" + basic + "\",\"u\":\"" + pct
                    + "\",\"p\":\"" + pct.replace("+", "%20") + "\",\"l\":[\"" + echo + "\"]}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("X-M", echo);
            ex.getResponseHeaders().add("X-Auth", "Basic " + basic);
            ex.sendResponseHeaders(200, bytes.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(bytes);
            }
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            Files.writeString(dir.resolve("p.yaml"), "name: p\nvars:\n  api: " + base + "\n");
            StringBuilder c = new StringBuilder("version: 1\nsections:\n  - name: S\n    items:\n");
            for (int k = 55; k <= 82; k++) {
                c.append("      - id: at-").append(k).append("\n        title: echo at ").append(k)
                        .append("\n        probe: http\n        url: ${vars.api}/").append(k)
                        .append("\n        headers: {X-Key: \"${secret.LONG}\"}\n        expect:\n")
                        .append("          - json.m == \"no\"\n          - header.X-M == \"no\"\n")
                        .append("          - json.b == \"no\"\n          - json.u == \"no\"\n")
                        .append("          - json.p == \"no\"\n          - header.X-Auth == \"no\"\n")
                        .append("          - json.l contains \"no\"\n          - json.m startsWith \"no\"\n");
            }
            Files.writeString(dir.resolve("c.yaml"), c.toString());
            List<String> args = new ArrayList<>(List.of("verify", "--checklist", dir.resolve("c.yaml").toString(),
                    "--profile", dir.resolve("p.yaml").toString(), "--verbose"));
            for (String f : ReportFormats.names()) {
                args.add("-f");
                args.add(f + "=" + dir.resolve("cut." + f));
            }
            CliRun r = CliRun.of(Map.of("LONG", LONG_SECRET, "GITHUB_ACTIONS", "true"), args.toArray(String[]::new));
            assertEquals(1, r.exitCode(), r.describe());
            List<String> outputs = new ArrayList<>(List.of(r.out(), r.err()));
            for (String f : ReportFormats.names()) {
                outputs.add(Files.readString(dir.resolve("cut." + f)));
            }
            String all = String.join("\n", outputs);
            assertTrue(all.contains("json.m (\"xxxxxxxxxx"), "the echo is shown: " + r.describe());
            assertTrue(all.contains("::error"), "GitHub annotations are written: " + r.describe());
            for (String form : List.of(LONG_SECRET, basic, pct, pct.replace("+", "%20"))) {
                for (int i = 0; i + 4 <= form.length(); i++) {
                    String part = form.substring(i, i + 4);
                    assertFalse(all.contains(part), "'" + part + "' of " + form + " leaked:\n" + all);
                }
            }
        } finally {
            server.stop(0);
        }
    }
}
