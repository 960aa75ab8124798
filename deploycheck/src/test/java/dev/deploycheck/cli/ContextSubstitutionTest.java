package dev.deploycheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.deploycheck.testing.CliRun;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A value with URL and shell syntax in it reaches the target as one value, in a real run. */
class ContextSubstitutionTest {
    static final String TOKEN = "t0k&admin=1 #x";

    @TempDir
    Path dir;

    @Test
    void aTokenWithAmpersandAndSpaceIsOneQueryValue() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String raw = ex.getRequestURI().getRawQuery();
            seen.add(raw);
            boolean ok = raw != null && raw.split("&").length == 2 && raw.startsWith("key=")
                    && URLDecoder.decode(raw.split("&")[0].substring(4), StandardCharsets.UTF_8).equals(TOKEN);
            ex.sendResponseHeaders(ok ? 200 : 403, -1);
            ex.close();
        });
        server.start();
        try {
            Files.writeString(dir.resolve("p.yaml"), "name: p\nvars:\n  api: http://127.0.0.1:"
                    + server.getAddress().getPort() + "\n");
            Files.writeString(dir.resolve("c.yaml"), String.join("\n", "version: 1", "sections:", "  - name: S",
                    "    items:", "      - id: q", "        title: token in the query", "        probe: http",
                    "        url: ${vars.api}/x?key=${secret.TOKEN}&n=1", "        expect: [status == 200]", ""));
            CliRun r = CliRun.of(Map.of("TOKEN", TOKEN), "verify", "-c", dir.resolve("c.yaml").toString(),
                    "-p", dir.resolve("p.yaml").toString());
            assertEquals(0, r.exitCode(), r.describe() + "\nserver saw: " + seen);
            assertFalse(r.out().contains("t0k"), r.describe());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aValueWithShellSyntaxIsDataInAShellLine() throws Exception {
        Path pwned = dir.resolve("pwned");
        String value = "hi & touch " + pwned + "; echo 'x' \"$(id)\"";
        Files.writeString(dir.resolve("p.yaml"), "name: p\nvars:\n  v: \"" + value.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\"\n");
        Files.writeString(dir.resolve("c.yaml"), String.join("\n", "version: 1", "sections:", "  - name: S",
                "    items:", "      - id: plain", "        title: unquoted", "        probe: command",
                "        run: printf '%s|' ${vars.v} \"in ${vars.v}\" 'single ${vars.v}'",
                "        expect:",
                "          - exitCode == 0",
                "          - stdout == \"" + (value + "|in " + value + "|single " + value + "|").replace("\\", "\\\\")
                        .replace("\"", "\\\"") + "\"",
                ""));
        CliRun r = CliRun.of(Map.of(), "verify", "-c", dir.resolve("c.yaml").toString(), "-p",
                dir.resolve("p.yaml").toString(), "--verbose");
        assertEquals(0, r.exitCode(), r.describe());
        assertFalse(Files.exists(pwned), "the value ran as a command");
        assertTrue(r.out().contains("plain"), r.describe());
    }
}
