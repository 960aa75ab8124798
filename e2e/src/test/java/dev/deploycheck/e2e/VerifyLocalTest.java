package dev.deploycheck.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deploycheck.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploycheck verify --env local} with the repository's own checklist.yaml and profiles/local.yaml against
 * the real backend: healthy, then with one fault at a time, asserting exactly which items fail.
 */
class VerifyLocalTest {
    /** Items the local profile skips (no frontend, no CDN, manual attestations, ...). */
    static final Set<String> LOCAL_SKIPS = Set.of("env-openai", "env-smtp", "db-backup-recent", "deploy-status", "backup-processes", "tests-unit",
            "tests-integration", "tests-e2e", "tests-security", "alerting-rules",
            "backup-restore-tested", "threshold-uptime", "security-patches", "dependency-review", "access-logs-review",
            "security-scan", "on-call", "checklist-review",
            // the checker's own load items run on this host: the demo's CPU says nothing about the deployment
            "threshold-cpu", "threshold-cpu-promql",
            // tagged prometheus: skipped unless the deployment has a Prometheus (withPrometheus)
            "monitoring-targets", "api-response-time-promql", "error-rates-promql", "performance-metrics-promql",
            "threshold-memory-promql", "threshold-disk-promql");
    /** The items that ask Prometheus (tag prometheus). */
    static final Set<String> PROMETHEUS_ITEMS = Set.of("alerting-rules", "monitoring-targets", "api-response-time-promql",
            "error-rates-promql", "performance-metrics-promql", "threshold-memory-promql", "threshold-disk-promql",
            "threshold-uptime");

    @TempDir
    Path dir;

    /** The items that drive the web app in Chromium (tag browser). */
    static final Set<String> BROWSER_ITEMS = Set.of("frontend-loading", "frontend-journey", "frontend-bundle",
            "image-optimization", "cdn", "browser-compat");

    @Test
    void healthyDeploymentPassesEveryItemThatAppliesLocally() throws Exception {
        try (Deployment d = Deployment.start(dir).withFrontend()) {
            CliRun r = d.verify();
            assertEquals(0, r.exitCode(), r.describe());
            Verdicts v = Verdicts.latest(dir);
            assertEquals(Set.of(), v.with("FAIL"), v.toString());
            assertEquals(Set.of(), v.with("ERROR"), v.toString());
            assertEquals(LOCAL_SKIPS, v.with("SKIP"), v.toString());
            assertTrue(v.with("PASS").containsAll(Set.of("tls-certificate", "auth-login", "auth-me", "db-migrations",
                    "redis-connectivity", "conversations-message", "error-rates", "websocket-chat", "knowledge-upload")),
                    v.toString());
            assertTrue(v.with("PASS").containsAll(BROWSER_ITEMS), v.toString());
        }
    }

    @Test
    void anApiThatDoesNotAllowTheWebAppsOriginFailsTheJourneyInTheBrowser() throws Exception {
        // the classic: the frontend moved to a new domain and CORS_ORIGINS still names the old one
        try (Deployment d = Deployment.start(dir, Map.of("CORS_ORIGINS", "https://app.localhost")).withFrontend()) {
            // browser-compat would wait out its timeout at the same step: a minute that shows nothing more
            CliRun r = d.verify("--skip", "browser-compat");
            assertEquals(1, r.exitCode(), r.describe());
            Verdicts v = Verdicts.latest(dir);
            // the login page itself loads (it needs no API call); signing in is refused by the browser, and the
            // journey says at which step it stopped
            assertEquals(Set.of("frontend-journey", "cors-policy"), v.with("FAIL"), v.toString());
            assertTrue(v.message("frontend-journey").contains("waitFor \"#app\""), v.message("frontend-journey"));
            assertTrue(v.with("PASS").containsAll(Set.of("frontend-loading", "frontend-bundle", "auth-login")), v.toString());
        }
    }

    @Test
    void healthyDeploymentWatchedByPrometheusPassesThePromqlItems() throws Exception {
        try (Deployment d = Deployment.start(dir).withPrometheus()) {
            CliRun r = d.verify();
            assertEquals(0, r.exitCode(), r.describe());
            Verdicts v = Verdicts.latest(dir);
            assertEquals(Set.of(), v.with("FAIL"), v.toString());
            assertEquals(Set.of(), v.with("ERROR"), v.toString());
            java.util.Set<String> skipped = new java.util.HashSet<>(LOCAL_SKIPS);
            skipped.removeAll(PROMETHEUS_ITEMS);
            skipped.addAll(BROWSER_ITEMS); // no frontend served here (--skip browser)
            assertEquals(skipped, v.with("SKIP"), v.toString());
            assertTrue(v.with("PASS").containsAll(PROMETHEUS_ITEMS), v.toString());

            // the CPU item the local profile skips still asks Prometheus and gets a number: whether this shared
            // machine's CPU is under 80% is its verdict (PASS or WARN), never an error or an empty result
            Path profile = dir.resolve("local-cpu.yaml");
            Files.writeString(profile, Files.readString(Deployment.ROOT.resolve("profiles/local.yaml"))
                    .replaceAll("(?m)^  threshold-cpu-promql: .*\n", ""));
            d.verify(Map.of(), "--profile", profile.toString(), "--only", "threshold-cpu-promql");
            Verdicts cpu = Verdicts.latest(dir);
            assertTrue(Set.of("PASS", "WARN").contains(cpu.verdict("threshold-cpu-promql")), cpu.toString());
            if (cpu.verdict("threshold-cpu-promql").equals("WARN")) {
                assertTrue(cpu.message("threshold-cpu-promql").matches("(?s).*max \\(0\\.\\d+\\) < 0\\.8.*"),
                        cpu.message("threshold-cpu-promql"));
            }
        }
    }

    @Test
    void placeholderJwtSecretInTheEnvFileFailsTheSecretItems() throws Exception {
        try (Deployment d = Deployment.start(dir)) {
            Path envFile = dir.resolve("broken.env");
            Files.writeString(envFile, "# a release shipped with the template's value\nJWT_SECRET=changeme-changeme-changeme-changeme\n");
            Path profile = dir.resolve("local.yaml");
            Files.writeString(profile, Files.readString(Deployment.ROOT.resolve("profiles/local.yaml"))
                    .replace("name: local\n", "name: local\nenvFile: " + envFile + "\n"));
            Map<String, String> env = new HashMap<>();
            env.put("JWT_SECRET", null); // not in the process environment: the env file's value counts
            CliRun r = d.verify(env, "--profile", profile.toString());
            assertEquals(1, r.exitCode(), r.describe());
            Verdicts v = Verdicts.latest(dir);
            assertEquals(Set.of("env-production", "env-jwt"), v.with("FAIL"), v.toString());
            assertTrue(v.message("env-jwt").contains("placeholder"), v.message("env-jwt"));
            assertTrue(!r.out().contains("changeme-changeme"), "the secret value must not be printed: " + r.out());
        }
    }

    @Test
    void expiredCertificateFailsTlsAndEveryHttpsItem() throws Exception {
        try (Deployment d = Deployment.withExpiredCertificate(dir)) {
            CliRun r = d.verify();
            assertEquals(1, r.exitCode(), r.describe());
            Verdicts v = Verdicts.latest(dir);
            assertEquals("FAIL", v.verdict("tls-certificate"), v.toString());
            assertEquals("FAIL", v.verdict("ssl-renewal"), v.toString());
            assertEquals(Boolean.FALSE, v.check("ssl-renewal", "not expired"), v.toString());
            // nothing that speaks HTTPS can pass; what does not (env, database, redis, tcp, files) still does
            assertTrue(v.with("FAIL").containsAll(Set.of("health-passing", "auth-register", "api-metrics", "security-headers",
                    "https-enforced")), v.toString());
            assertTrue(v.with("PASS").containsAll(Set.of("env-jwt", "db-connectivity", "redis-connectivity",
                    "db-migrations")), v.toString());
        }
    }

    @Test
    void pendingMigrationFailsMigrationsAndReadiness() throws Exception {
        try (Deployment d = Deployment.start(dir)) {
            // the newest migration "not applied": its row gone from the history, as after a skipped migrate step
            d.sql("DELETE FROM flyway_schema_history WHERE installed_rank = (SELECT max(installed_rank) FROM flyway_schema_history)");
            CliRun r = d.verify();
            assertEquals(1, r.exitCode(), r.describe());
            Verdicts v = Verdicts.latest(dir);
            // the backend reports itself degraded and not ready until the migration is applied
            assertEquals(Set.of("db-migrations", "readiness", "health-passing", "health-all-services", "error-rates"),
                    v.with("FAIL"), v.toString());
            assertTrue(v.message("db-migrations").contains("migrations"), v.message("db-migrations"));
        }
    }

    @Test
    void endpointAnswering500FailsItAndWhatDependsOnItIsSkipped() throws Exception {
        try (Deployment d = Deployment.start(dir)) {
            d.sql("ALTER TABLE conversations RENAME TO conversations_moved");
            CliRun r = d.verify();
            assertEquals(1, r.exitCode(), r.describe());
            Verdicts v = Verdicts.latest(dir);
            // the load test's 100 answers of 500 push the measured 5xx ratio over 1%
            // the XSS probe stores its payloads as conversation titles: it meets the same 500
            assertEquals(Set.of("conversations-create", "tests-load", "error-rates", "xss-protection"), v.with("FAIL"),
                    v.toString());
            assertTrue(v.message("conversations-create").contains("status (500)"), v.message("conversations-create"));
            assertTrue(v.with("SKIP").containsAll(Set.of("conversations-list", "conversations-message",
                    "core-functionality", "business-metrics")), v.toString());
        }
    }

    @Test
    void redisStoppedFailsRedisAndReadinessItems() throws Exception {
        try (Deployment d = Deployment.start(dir)) {
            d.stopRedis();
            CliRun r = d.verify();
            assertEquals(1, r.exitCode(), r.describe());
            Verdicts v = Verdicts.latest(dir);
            // readiness answers 503 (counted as a server error) and the active-users gauge lives in Redis; the rate
            // limiter falls back to per-instance counters (docs/backend.md), so rate-limiting still holds
            assertEquals(Set.of("redis-connectivity", "readiness", "health-passing", "health-all-services",
                    "error-rates", "business-metrics"), v.with("FAIL"), v.toString());
            assertEquals("PASS", v.verdict("rate-limiting"), v.toString());
            assertTrue(v.message("redis-connectivity").toLowerCase().contains("refused"), v.message("redis-connectivity"));
            assertTrue(v.with("PASS").containsAll(Set.of("env-redis", "db-connectivity", "tls-certificate")), v.toString());
        }
    }

    @Test
    void hstsSwitchedOffFailsTheSecurityHeadersItem() throws Exception {
        try (Deployment d = Deployment.start(dir, Map.of("HSTS_MAX_AGE_SECONDS", "0"))) {
            CliRun r = d.verify();
            assertEquals(1, r.exitCode(), r.describe());
            Verdicts v = Verdicts.latest(dir);
            assertEquals(Set.of("security-headers"), v.with("FAIL"), v.toString());
            assertEquals("hsts.maxAge (0) >= 15552000", v.message("security-headers"));
        }
    }

    @Test
    void webSocketEndpointRefusingConnectionsFailsTheChatItem() throws Exception {
        try (Deployment d = Deployment.start(dir);
                java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
            int port = closed.getLocalPort();
            closed.close(); // nothing listens there any more: connections are refused
            CliRun r = d.verify(Map.of("DEMO_WS_URL", "wss://localhost:" + port));
            assertEquals(1, r.exitCode(), r.describe());
            Verdicts v = Verdicts.latest(dir);
            assertEquals(Set.of("websocket-chat"), v.with("FAIL"), v.toString());
            assertTrue(v.message("websocket-chat").toLowerCase().contains("refused"), v.message("websocket-chat"));
        }
    }

    @Test
    void rateLimitingSwitchedOffFailsOnlyTheRateLimitItem() throws Exception {
        try (Deployment d = Deployment.start(dir, Map.of("RATE_LIMIT_ENABLED", "false", "LOGIN_MAX_FAILURES", "1000"))) {
            CliRun r = d.verify();
            assertEquals(1, r.exitCode(), r.describe());
            Verdicts v = Verdicts.latest(dir);
            assertEquals(Set.of("rate-limiting"), v.with("FAIL"), v.toString());
            assertTrue(v.message("rate-limiting").contains("429"), v.message("rate-limiting"));
        }
    }

}
