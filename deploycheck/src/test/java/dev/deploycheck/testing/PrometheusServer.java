package dev.deploycheck.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Prometheus process (Debian's {@code prometheus} package) on a free port, its data in a temporary
 * directory, scraping the given targets every second with the given rule files. Without the binary a test is
 * skipped saying how to install it, unless DEPLOYCHECK_REQUIRE_PROMETHEUS is set (scripts/test.sh sets it after
 * installing the package): then it fails.
 */
public final class PrometheusServer implements AutoCloseable {
    private final Process process;
    private final String url;
    private final Path log;

    private PrometheusServer(Process process, String url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /** The binary, or the test is skipped (failed under scripts/test.sh) with the way to install it. */
    public static Path binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, "prometheus");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String hint = "prometheus is not installed: apt-get install -y prometheus (scripts/test.sh does it as root)";
        if (System.getenv("DEPLOYCHECK_REQUIRE_PROMETHEUS") != null) {
            fail(hint);
        }
        Assumptions.abort(hint);
        return null;
    }

    /**
     * Starts Prometheus scraping {@code targets} ("host:port", plain HTTP, path /metrics) as job {@code job}, with
     * the rule files loaded, and waits until it is ready and has scraped every target once.
     */
    public static PrometheusServer start(Path dir, String job, List<String> targets, List<Path> ruleFiles)
            throws IOException, InterruptedException {
        return start(dir, job, targets, ruleFiles, null);
    }

    /** As {@link #start(Path, String, List, List)}, scraping over HTTPS trusting {@code caFile} when it is given. */
    public static PrometheusServer start(Path dir, String job, List<String> targets, List<Path> ruleFiles, Path caFile)
            throws IOException, InterruptedException {
        Path binary = binary();
        int port = Ports.closed();
        Path config = dir.resolve("prometheus.yml");
        StringBuilder yaml = new StringBuilder("global: {scrape_interval: 1s, evaluation_interval: 1s}\nrule_files:\n");
        for (Path r : ruleFiles) {
            yaml.append("  - '").append(r.toAbsolutePath()).append("'\n");
        }
        yaml.append("scrape_configs:\n  - job_name: ").append(job).append('\n');
        if (caFile != null) {
            yaml.append("    scheme: https\n    tls_config: {ca_file: '").append(caFile.toAbsolutePath()).append("'}\n");
        }
        yaml.append("    static_configs:\n      - targets: [");
        yaml.append(String.join(", ", targets.stream().map(t -> "'" + t + "'").toList())).append("]\n");
        Files.writeString(config, yaml);
        Path log = dir.resolve("prometheus.log");
        Process p = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(p, "http://127.0.0.1:" + port, log);
        try {
            server.awaitScraped(targets.size(), Duration.ofSeconds(30));
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            server.close();
            throw e;
        }
        return server;
    }

    public String url() {
        return url;
    }

    private void awaitScraped(int targets, Duration within) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long end = System.nanoTime() + within.toNanos();
        String last = "";
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                fail("prometheus exited " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url
                        + "/api/v1/query?query=count(up%20%3D%3D%201)")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                last = r.body();
                if (r.statusCode() == 200 && last.contains("\"" + targets + "\"]")) {
                    return;
                }
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(200);
        }
        fail("prometheus did not scrape " + targets + " targets within " + within + " (last answer: " + last + "):\n"
                + Files.readString(log));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
