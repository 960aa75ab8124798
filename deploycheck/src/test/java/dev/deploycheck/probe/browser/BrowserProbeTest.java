package dev.deploycheck.probe.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import dev.deploycheck.checklist.Redactor;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.ProbeContext;
import dev.deploycheck.probe.TargetFailure;
import dev.deploycheck.testing.TestParams;
import dev.deploycheck.testing.TestPki;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import dev.deploycheck.testing.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser kind in a real headless Chromium against pages served here. scripts/test.sh installs Debian's
 * chromium and chromium-driver when they are missing; without them these tests fail with that hint.
 */
class BrowserProbeTest {
    private static final String APP_JS = "document.addEventListener('DOMContentLoaded', () => {\n"
            + "  document.getElementById('login-form').addEventListener('submit', e => { e.preventDefault();\n"
            + "    setTimeout(() => { document.getElementById('out').textContent = 'Welcome '"
            + " + document.getElementById('email').value; }, 200); });\n"
            + "  if (/broken|console/.test(location.search)) console.error('boom from app');\n"
            + "});\n" + "// padding so the bundle is worth compressing\n".repeat(80);
    private static final String PAGE = "<!doctype html><html><head><title>Demo app</title>"
            + "<link rel=\"icon\" href=\"data:,\"><script src=\"%s\"></script></head><body>"
            + "<form id=\"login-form\"><label>Email <input id=\"email\"></label>"
            + "<label>Password <input id=\"password\" type=\"password\"></label>"
            + "<button type=\"submit\">Log in</button></form><div id=\"out\"></div>%s</body></html>";

    /** A 1x1 PNG. */
    private static final byte[] PNG = java.util.Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    /** A real 400x400 PNG of noise: about 600 kB that no encoder can shrink, shown at 10x10. */
    private static final byte[] BIG = noise(400);

    private static byte[] noise(int side) {
        var img = new java.awt.image.BufferedImage(side, side, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var random = new java.util.Random(7);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                img.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        var out = new java.io.ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @TempDir
    static Path dir;
    static HttpServer server;

    @BeforeAll
    static void serve() throws IOException {
        Browsers.Binaries b = assertInstalled();
        assertTrue(Files.isExecutable(b.browser()));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", BrowserProbeTest::handle);
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @AfterEach
    void nothingLeftRunning() throws Exception {
        assertEquals(0, Browsers.openCount(), "sessions left open");
        assertEquals(List.of(), leftoverProcesses(), "browser or driver processes left behind");
    }

    private static Browsers.Binaries assertInstalled() {
        try {
            return Browsers.find(TestParams.env(Map.of()));
        } catch (Browsers.Unavailable e) {
            throw new AssertionError("these tests need a real Chromium: " + e.getMessage()
                    + " (scripts/test.sh installs them)");
        }
    }

    static void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String query = ex.getRequestURI().getQuery() == null ? "" : ex.getRequestURI().getQuery();
        if (path.equals("/app.js")) {
            byte[] body = APP_JS.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/javascript");
            if (query.isEmpty() && !ex.getRequestURI().toString().contains("plain")) {
                var buf = new java.io.ByteArrayOutputStream();
                try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
                    gz.write(body);
                }
                body = buf.toByteArray();
                ex.getResponseHeaders().add("Content-Encoding", "gzip");
                ex.getResponseHeaders().add("Cache-Control", "public, max-age=31536000, immutable");
            }
            send(ex, 200, body);
        } else if (path.equals("/logo.png")) {
            ex.getResponseHeaders().add("Content-Type", "image/png");
            ex.getResponseHeaders().add("Cache-Control", "no-cache");
            send(ex, 200, PNG);
        } else if (path.equals("/big.png")) {
            ex.getResponseHeaders().add("Content-Type", "image/png");
            ex.getResponseHeaders().add("Cache-Control", "public, max-age=31536000, immutable");
            send(ex, 200, BIG);
        } else if (path.equals("/hang")) {
            try {
                Thread.sleep(20_000); // a server that accepted the request and never answers
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            send(ex, 200, new byte[0]);
        } else if (path.equals("/") || path.equals("/index.html")) {
            String extra = query.contains("broken") ? "<img src=\"/missing.png\" width=\"10\" height=\"10\" alt=\"\">"
                    + "<img src=\"/logo.png\" alt=\"logo\">" : "";
            extra += query.contains("missing") ? "<img src=\"/missing.png\" width=\"10\" height=\"10\" alt=\"\">" : "";
            extra += query.contains("bigimage") ? "<img src=\"/big.png\" width=\"10\" height=\"10\" alt=\"\">" : "";
            ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            String src = query.contains("plain") ? "/app.js?plain" : "/app.js";
            send(ex, 200, String.format(PAGE, src, extra).getBytes(StandardCharsets.UTF_8));
        } else {
            send(ex, 404, "not found".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }

    private static String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static ProbeContext context(Duration timeout) {
        return new ProbeContext("journey", timeout, Instant.now().plus(timeout), dir, TestParams.env(Map.of()),
                new Redactor());
    }

    private static Observation run(String yaml, Duration timeout) throws Exception {
        return TestParams.create(new BrowserProbe(), yaml, TestParams.env(Map.of()), new Redactor())
                .run(context(timeout));
    }

    private static final String JOURNEY = "steps:\n"
            + "  - fill: {\"#email\": a@b.c, \"#password\": s3cret-value}\n"
            + "  - click: \"#login-form button[type=submit]\"\n"
            + "  - waitForText: Welcome a@b.c\n    in: \"#out\"\n";

    @Test
    void aJourneyRunsInARealBrowserAndTheFactsAreThePages() throws Exception {
        Observation obs = run("url: " + base() + "/\n" + JOURNEY, Duration.ofSeconds(60));
        assertTrue(obs.checks().get(0).passed(), obs.checks().toString());
        assertEquals("4 step(s)", obs.checks().get(0).detail().replaceFirst(" in .*", ""));
        assertEquals(200L, ((Number) obs.get("status")).longValue());
        assertTrue(((String) obs.get("browser")).matches("Chromium \\d+\\.[\\d.]+"), (String) obs.get("browser"));
        assertEquals("Demo app", obs.get("title"));
        assertEquals(List.of(), obs.get("consoleErrors"));
        assertEquals(List.of(), obs.get("failedRequests"));
        assertEquals(2, obs.get("requests"));
        @SuppressWarnings("unchecked")
        Map<String, Object> bytes = (Map<String, Object>) obs.get("transferred");
        long js = (Long) bytes.get("js");
        assertTrue(js > 0 && js < APP_JS.length(), "gzip on the wire: " + js + " of " + APP_JS.length());
        assertTrue((Long) bytes.get("html") > 0);
        assertEquals(List.of(), obs.get("uncompressed"));
        assertEquals(List.of(), obs.get("uncached"), "the script is immutable for a year");
        assertEquals(List.of(), obs.get("unoptimizedImages"));
        assertEquals(js + (Long) bytes.get("css"), bytes.get("code"));
        @SuppressWarnings("unchecked")
        Map<String, Object> timing = (Map<String, Object>) obs.get("timing");
        assertTrue(timing.get("domContentLoaded") instanceof Duration && timing.get("load") instanceof Duration,
                timing.toString());
        assertTrue(((String) obs.get("text")).contains("Welcome a@b.c"));
        assertTrue(((Number) obs.get("heap")).longValue() > 0);
        Path shot = Path.of((String) obs.get("screenshot"));
        assertEquals(dir.resolve(".deploycheck/screenshots/journey-last.png"), shot);
        byte[] png = Files.readAllBytes(shot);
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        assertTrue(obs.evidence().stream().anyMatch(e -> e.equals("screenshot: " + shot)), obs.evidence().toString());
        assertFalse(String.join("\n", obs.evidence()).contains("s3cret-value"), "the filled values are not evidence");
    }

    @Test
    void consoleErrorsFailedRequestsAndUncompressedAssetsAreFacts() throws Exception {
        Observation obs = run("url: " + base() + "/?broken&plain\n", Duration.ofSeconds(60));
        @SuppressWarnings("unchecked")
        List<String> errors = (List<String>) obs.get("consoleErrors");
        assertTrue(errors.stream().anyMatch(e -> e.contains("boom from app")), errors.toString());
        assertEquals(List.of("GET " + base() + "/missing.png -> 404"), obs.get("failedRequests"));
        assertEquals(4, obs.get("requests"), "the page, the script and two images");
        assertEquals(List.of(base() + "/app.js?plain"), obs.get("uncompressed"), "a 3 KB script without Content-Encoding");
        assertEquals(List.of(base() + "/app.js?plain: Cache-Control missing", base() + "/logo.png: Cache-Control \"no-cache\""),
                obs.get("uncached"));
        assertEquals(List.of(base() + "/logo.png: image/png (use WebP or AVIF)",
                base() + "/logo.png: no width and height (the layout shifts when it loads)"), obs.get("unoptimizedImages"));
    }

    @Test
    void aStepThatNeverCompletesFailsNamingTheStepWithAScreenshotWithinTheTimeout() throws Exception {
        long start = System.nanoTime();
        Observation obs = run("url: " + base() + "/\nsteps:\n  - click: \"#login-form button\"\n"
                + "  - waitFor: \"#dashboard\"\n", Duration.ofSeconds(8));
        long ms = (System.nanoTime() - start) / 1_000_000;
        Observation.Check steps = obs.checks().get(0);
        assertFalse(steps.passed());
        assertTrue(steps.detail().startsWith("step 3 (waitFor \"#dashboard\") at checklist.yaml:4:5: waited "),
                steps.detail());
        assertTrue(steps.detail().endsWith("for an element matching \"#dashboard\" (the item's timeout)"), steps.detail());
        assertEquals(2, obs.get("steps"));
        assertTrue(Files.exists(dir.resolve(".deploycheck/screenshots/journey-failed-step-3.png")));
        // the step stops waiting early enough (a tenth of the timeout) for the facts, the screenshot and the browser's
        // end to fit in the item's timeout: the runner's own timer, 200 ms behind it, never has to cut the item off
        assertTrue(ms < 8_200, "within the 8s timeout: " + ms + "ms");
    }

    @Test
    void httpsOriginsAreTrustedThroughTheItemsCaFileAndNoOther() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        // a thread per exchange: Chromium opens several connections at once, and the JDK server's single
        // dispatcher thread would serve them one after the other (40 s for this page)
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(pki.validLeaf().serverContext()));
        https.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-https");
            t.setDaemon(true);
            return t;
        }));
        https.createContext("/", BrowserProbeTest::handle);
        https.start();
        try {
            String url = "https://localhost:" + https.getAddress().getPort() + "/";
            Observation ok = run("url: " + url + "\ncaFile: " + pki.caPem() + "\n" + JOURNEY, Duration.ofSeconds(60));
            assertTrue(ok.checks().get(0).passed(), ok.checks().toString());
            assertEquals(200L, ((Number) ok.get("status")).longValue());
            TestPki other = TestPki.create(dir.resolve("other"));
            TargetFailure e = assertThrows(TargetFailure.class,
                    () -> run("url: " + url + "\ncaFile: " + other.caPem() + "\n", Duration.ofSeconds(30)));
            // both test CAs are named CN=deploycheck test CA: the path builds to the wrong one and its key says no
            assertTrue(e.getMessage().startsWith("https://localhost:" + https.getAddress().getPort() + ": ")
                    && (e.getMessage().contains("untrusted certificate") || e.getMessage().contains("certificate rejected")),
                    e.getMessage());
        } finally {
            https.stop(0);
        }
    }

    /** One deliberate fault per item, run as a user runs them: each FAILs, in one line, with the actual value. */
    @Test
    void oneFaultPerItemEachFailsWithTheActualValueInOneLine() throws Exception {
        Path run = Files.createDirectories(dir.resolve("faults"));
        Files.createDirectories(run.resolve("profiles"));
        Files.writeString(run.resolve("profiles/local.yaml"), "name: local\n");
        StringBuilder c = new StringBuilder("version: 1\nsections:\n  - name: Faults\n    items:\n");
        String[][] items = {
            {"console-error", "/?console", "count(consoleErrors) == 0", ""},
            {"missing-asset", "/?missing", "count(failedRequests) == 0", ""},
            {"uncompressed-bundle", "/?plain", "count(uncompressed) == 0", ""},
            {"oversized-image", "/?bigimage", "transferred.images < 100000", ""},
            {"never-appears", "/", "status == 200", "        timeout: 6s\n        steps:\n          - waitFor: \"#dashboard\"\n"},
            {"page-hangs", "/hang", "status == 200", "        timeout: 6s\n"},
        };
        for (String[] i : items) {
            c.append("      - id: ").append(i[0]).append("\n        title: ").append(i[0]).append("\n        probe: browser\n")
                    .append("        url: ").append(base()).append(i[1]).append("\n").append(i[3])
                    .append("        expect: [\"").append(i[2]).append("\"]\n");
        }
        Files.writeString(run.resolve("checklist.yaml"), c.toString());
        Path report = run.resolve("report.json");
        CliRun r = CliRun.of(Map.of("DEPLOYCHECK_BROWSERS", "1"), "verify", "-c", run.resolve("checklist.yaml").toString(),
                "-f", "json=" + report);
        assertEquals(1, r.exitCode(), r.describe());
        Map<String, String> messages = new java.util.TreeMap<>();
        for (var item : new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toFile()).path("items")) {
            assertEquals("FAIL", item.path("verdict").asText(), item.toString());
            messages.put(item.path("id").asText(), item.path("message").asText());
        }
        assertEquals(6, messages.size(), messages.toString());
        // six items of 1-2 s each (two of 6 s), one browser at a time, 6 s timeouts: the wait for a browser is not timed
        assertTrue(new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toFile()).path("items").findValues("evidence")
                .stream().flatMap(e -> java.util.stream.StreamSupport.stream(e.spliterator(), false))
                .anyMatch(e -> e.asText().matches("waited \\S+ for a browser \\(\\d+ at a time: DEPLOYCHECK_BROWSERS\\) \\(not part of the timeout\\)")),
                "an item waited for a browser");
        messages.values().forEach(m -> assertFalse(m.contains("\n") || m.contains("Exception"), m));
        assertEquals("count(consoleErrors) (1) == 0", messages.get("console-error"));
        assertEquals("count(failedRequests) (1) == 0", messages.get("missing-asset"));
        assertEquals("count(uncompressed) (1) == 0", messages.get("uncompressed-bundle"));
        assertTrue(messages.get("oversized-image").matches("transferred\\.images \\((4|5|6)\\d{5}\\) < 100000"),
                messages.get("oversized-image"));
        assertTrue(messages.get("never-appears").matches(
                "steps: step 2 \\(waitFor \"#dashboard\"\\) at .*: waited \\S+ for an element matching \"#dashboard\" \\(the item's timeout\\)"),
                messages.get("never-appears"));
        assertTrue(messages.get("page-hangs").matches("steps: step 1 \\(open " + java.util.regex.Pattern.quote(base())
                + "/hang\\) at .*: the page did not finish loading within the item's timeout"), messages.get("page-hangs"));
    }

    @Test
    void stepsLeaveAReserveOfATenthOfTheTimeoutBetweenOneAndTwoSecondsAndNeverOverHalf() {
        assertEquals(Duration.ofMillis(1500), BrowserRun.reserve(Duration.ofSeconds(15)));
        assertEquals(Duration.ofSeconds(1), BrowserRun.reserve(Duration.ofSeconds(4)));
        assertEquals(Duration.ofSeconds(2), BrowserRun.reserve(Duration.ofSeconds(60)));
        assertEquals(Duration.ofMillis(500), BrowserRun.reserve(Duration.ofSeconds(1)));
    }

    /** One browser per two cores at most (the runner waits for one before an item's timeout starts). */
    @Test
    void browsersAtOnceAreOnePerTwoCoresOrTheEnvironmentsNumber() {
        int slots = Browsers.slots(TestParams.env(Map.of()));
        assertEquals(Math.max(1, Runtime.getRuntime().availableProcessors() / 2), slots);
        assertEquals(3, Browsers.slots(TestParams.env(Map.of("DEPLOYCHECK_BROWSERS", "3"))));
        assertEquals(slots, Browsers.slots(TestParams.env(Map.of("DEPLOYCHECK_BROWSERS", "0"))), "0 is ignored");
        assertEquals(slots, Browsers.slots(TestParams.env(Map.of("DEPLOYCHECK_BROWSERS", "many"))));
    }

    @Test
    void aMissingBrowserIsOneLineWithTheInstallHint() {
        Browsers.Unavailable e = assertThrows(Browsers.Unavailable.class,
                () -> Browsers.find(TestParams.env(Map.of("DEPLOYCHECK_CHROMIUM", "/nonexistent/chromium"))));
        assertEquals("DEPLOYCHECK_CHROMIUM=/nonexistent/chromium is not an executable file: install it with: "
                + "apt-get install chromium chromium-driver (or set DEPLOYCHECK_CHROMIUM and DEPLOYCHECK_CHROMEDRIVER)",
                e.getMessage());
    }

    @Test
    void stepsAreValidatedWithTheirPositions() {
        assertEquals(List.of("3:5 a step needs one action: open, fill, click, waitFor, waitForText, waitForGone, "
                        + "upload or screenshot", "5:9 'in' goes with waitForText"),
                TestParams.problems(new BrowserProbe(), "url: http://x/\nsteps:\n  - {}\n  - click: a\n    in: b\n"));
        assertEquals(List.of("3:5 unknown step key 'clik'"),
                TestParams.problems(new BrowserProbe(), "url: http://x/\nsteps:\n  - clik: \"#a\"\n").subList(0, 1));
        assertEquals(List.of("1:6 open needs an http(s) URL, found 'file:///etc/passwd'"),
                TestParams.problems(new BrowserProbe(), "url: file:///etc/passwd\n"));
        assertEquals(List.of("3:32 a file name (letters, digits, '.', '-', '_'; at most 100), found '../../etc/cron.d/x'"),
                TestParams.problems(new BrowserProbe(),
                        "url: http://x/\nsteps:\n  - upload: {into: \"#f\", name: ../../etc/cron.d/x}\n"));
    }

    /** Ctrl-C (here SIGTERM, the same shutdown path) while a step waits: the browser and its driver end too. */
    @Test
    void stoppingTheProcessEndsTheBrowserAndItsDriver() throws Exception {
        Path run = Files.createDirectories(dir.resolve("stop"));
        Files.createDirectories(run.resolve("profiles"));
        Files.writeString(run.resolve("profiles/local.yaml"), "name: local\n");
        Files.writeString(run.resolve("checklist.yaml"), "version: 1\nsections:\n  - name: S\n    items:\n"
                + "      - id: waits\n        title: Waits\n        probe: browser\n        timeout: 2m\n"
                + "        url: " + base() + "/\n        steps:\n          - waitFor: \"#never\"\n");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "dev.deploycheck.cli.Main", "verify", "-c",
                run.resolve("checklist.yaml").toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (leftoverProcesses().isEmpty() && System.nanoTime() < until) {
                Thread.sleep(200);
            }
            assertFalse(leftoverProcesses().isEmpty(), "the browser started");
            Thread.sleep(1000); // the driver session is up and the step is waiting
            p.destroy();
            assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the process ended");
            until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!leftoverProcesses().isEmpty() && System.nanoTime() < until) {
                Thread.sleep(200);
            }
            assertEquals(List.of(), leftoverProcesses(), "processes left after the stop");
        } finally {
            p.destroyForcibly();
        }
    }

    /** Processes whose command line names one of our profile directories. */
    static List<String> leftoverProcesses() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("pgrep", "-af", "deploycheck-chromium-").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.lines().filter(l -> !l.contains("pgrep")).toList();
    }
}
