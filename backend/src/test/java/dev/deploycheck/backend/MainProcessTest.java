package dev.deploycheck.backend;

import dev.deploycheck.backend.support.Api;
import dev.deploycheck.backend.support.TestServices;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backend as an operator runs it: a separate JVM started by Main, refused config, SIGTERM. */
class MainProcessTest {
    private static final Pattern LISTENING = Pattern.compile("backend listening on http://127\\.0\\.0\\.1:(\\d+)");

    @Test
    void productionWithWeakSecretsRefusesToStartWithOneLine() throws Exception {
        Process p = start(Map.of("APP_ENV", "production", "JWT_SECRET", "changeme", "PORT", "0"));
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        pump(p, out, null);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "exits");
        assertEquals(2, p.exitValue(), () -> String.join("\n", out));
        assertEquals(1, out.size(), () -> "exactly one line: " + out);
        assertTrue(out.get(0).startsWith("backend: refusing to start in production: "), out.get(0));
        assertTrue(out.get(0).contains("JWT_SECRET is a placeholder"), out.get(0));
        assertFalse(out.get(0).contains("Exception"), out.get(0));
    }

    @Test
    void sigtermDrainsAndStopsCleanly() throws Exception {
        Map<String, String> env = TestServices.get().env(Map.of());
        Process p = start(env);
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch listening = new CountDownLatch(1);
        int[] port = {0};
        pump(p, out, line -> {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                port[0] = Integer.parseInt(m.group(1));
                listening.countDown();
            }
        });
        try {
            assertTrue(listening.await(60, TimeUnit.SECONDS), () -> "no listening line in " + out);
            assertEquals(200, new Api("http://127.0.0.1:" + port[0]).get("/api/ready", null).status());
            p.toHandle().destroy(); // SIGTERM, without closing our end of its output as Process.destroy() would
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "stops within the shutdown timeout");
            assertEquals(143, p.exitValue(), "terminated by SIGTERM after the shutdown hook ran");
            String log = String.join("\n", out);
            assertTrue(log.contains("shutting down") && log.contains("backend stopped"), log);
            assertFalse(log.contains(TestServices.JWT_SECRET) || log.contains(TestServices.ENCRYPTION_KEY), "no secret in any log line");
        } finally {
            p.destroyForcibly();
        }
    }

    private static Process start(Map<String, String> env) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName());
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        return pb.start();
    }

    private static void pump(Process p, List<String> sink, java.util.function.Consumer<String> onLine) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    sink.add(line);
                    if (onLine != null) onLine.accept(line);
                }
            } catch (IOException e) {
                sink.add("read failed: " + e);
            }
        });
        t.setDaemon(true);
        t.start();
    }
}
