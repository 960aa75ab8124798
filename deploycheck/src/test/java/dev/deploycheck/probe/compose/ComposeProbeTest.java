package dev.deploycheck.probe.compose;

import static dev.deploycheck.testing.DataProbeFixtures.context;
import static dev.deploycheck.testing.DataProbeFixtures.problems;
import static dev.deploycheck.testing.DataProbeFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.ProbeContext;
import dev.deploycheck.probe.TargetFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compose probe on the repository's own docker-compose.prod.yml and on files that break each rule. */
class ComposeProbeTest {
    private static final ComposeProbe KIND = new ComposeProbe();
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private ProbeContext ctx() {
        return context(dir, Duration.ofSeconds(5));
    }

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    @SuppressWarnings("unchecked")
    private static List<String> findings(Observation obs) {
        return (List<String>) obs.get("findings");
    }

    private static Map<String, Boolean> checks(Observation obs) {
        return obs.checks().stream().collect(Collectors.toMap(Observation.Check::name, Observation.Check::passed));
    }

    @Test
    void theRepositorysProductionComposeFilePassesEveryRule() throws Exception {
        Observation obs = run(KIND, "path: docker-compose.prod.yml\nrequire: [postgres, redis, backend, frontend,"
                + " prometheus, grafana]", context(REPO, Duration.ofSeconds(5)));
        assertEquals(List.of(), findings(obs));
        assertEquals(List.of("postgres", "redis", "backend", "frontend", "prometheus", "grafana"), obs.get("services"));
        assertTrue(checks(obs).values().stream().allMatch(b -> b), obs.checks().toString());
        assertEquals(ComposeRules.RULES.size(), obs.checks().size());
        assertEquals("postgres:16.4-alpine", ((Map<?, ?>) obs.get("images")).get("postgres"));
    }

    @Test
    void theRepositorysDockerfilesAreReadThroughTheirBuild() throws Exception {
        Files.copy(REPO.resolve("docker-compose.prod.yml"), dir.resolve("docker-compose.prod.yml"));
        String backend = Files.readString(REPO.resolve("backend/Dockerfile"));
        String frontend = Files.readString(REPO.resolve("frontend/Dockerfile"));
        assertTrue(backend.contains("\nUSER 10001:10001\n") && frontend.contains("\nHEALTHCHECK "));
        write("backend/Dockerfile", backend.replace("\nUSER 10001:10001\n", "\n"));
        write("frontend/Dockerfile", frontend.replace("\nHEALTHCHECK ", "\n# HEALTHCHECK "));
        Observation obs = run(KIND, "path: docker-compose.prod.yml", ctx());
        int build = 1 + List.of(Files.readString(dir.resolve("docker-compose.prod.yml")).split("\n"))
                .indexOf("    build:");
        assertEquals(List.of("backend: backend/Dockerfile runs as root: its final stage has no USER"
                        + " (docker-compose.prod.yml:" + build + ")",
                "frontend: frontend/Dockerfile has no HEALTHCHECK in its final stage (docker-compose.prod.yml:"
                        + (1 + List.of(Files.readString(dir.resolve("docker-compose.prod.yml")).split("\n"))
                        .lastIndexOf("    build:")) + ")"),
                findings(obs));
    }

    @Test
    void eachRuleNamesTheServiceAndTheLine() throws Exception {
        write("app/Dockerfile", "FROM eclipse-temurin:17-jre AS build\nRUN true\nFROM eclipse-temurin:latest\n"
                + "COPY --from=build /x /x\nUSER root\nCMD [\"java\"]\n");
        write("compose.yml", String.join("\n",
                "services:",                                              // 1
                "  db:",                                                  // 2
                "    image: postgres",                                    // 3
                "    restart: \"no\"",                                    // 4
                "    environment:",                                       // 5
                "      POSTGRES_PASSWORD: hunter2-inline",                // 6
                "      POSTGRES_USER: app",                               // 7
                "  app:",                                                 // 8
                "    build: ./app",                                       // 9
                "    image: example/app:latest",                          // 10
                "    environment:",                                       // 11
                "      - DATABASE_URL=postgres://app:s3cr3t-pw@db/chat",  // 12
                "      - JWT_SECRET=${JWT_SECRET}",                       // 13
                "      - API_TOKEN=tok-inline-123",                       // 14
                "    depends_on: [db]",                                   // 15
                "    healthcheck:",                                       // 16
                "      test: [\"NONE\"]",                                 // 17
                "    deploy:",                                            // 18
                "      restart_policy: {condition: on-failure}",          // 19
                "      resources:",                                       // 20
                "        limits: {memory: 512m}",                         // 21
                "  cache:",                                               // 22
                "    image: mysql:8.4",                                   // 23
                "    volumes: [\"/var/lib/mysql\"]",                      // 24
                "    healthcheck: {test: [\"CMD\", \"true\"]}",           // 25
                "    restart: always",                                    // 26
                "    mem_limit: 1g",                                      // 27
                "    cpus: 1",                                            // 28
                ""));
        Observation obs = run(KIND, "path: compose.yml\nrequire: [db, app, web]", ctx());
        assertEquals(List.of(
                "web: is required and not defined (compose.yml:1)",
                "db: has no healthcheck (compose.yml:2)",
                "db: restart: no does not restart it (compose.yml:4)",
                "db: image postgres has no tag (latest is implied) (compose.yml:3)",
                "db: environment POSTGRES_PASSWORD holds a secret value inline: move it to env_file or secrets (compose.yml:6)",
                "db: database data (/var/lib/postgresql/data) is not on a volume: it is lost with the container (compose.yml:2)",
                "db: has no memory limit (deploy.resources.limits.memory) (compose.yml:2)",
                "db: has no CPU limit (deploy.resources.limits.cpus) (compose.yml:2)",
                "app: healthcheck test is NONE (disabled) (compose.yml:17)",
                "app: image example/app:latest is not pinned (latest) (compose.yml:10)",
                "app: environment DATABASE_URL holds a password inside a URL inline: move it to env_file or secrets (compose.yml:12)",
                "app: environment API_TOKEN holds a secret value inline: move it to env_file or secrets (compose.yml:14)",
                "app: has no CPU limit (deploy.resources.limits.cpus) (compose.yml:21)",
                "app: app/Dockerfile:3: the final stage's FROM eclipse-temurin:latest is not pinned (compose.yml:9)",
                "app: app/Dockerfile:5 runs as root (USER root) (compose.yml:9)",
                "app: app/Dockerfile has no HEALTHCHECK in its final stage (compose.yml:9)",
                "cache: database data (/var/lib/mysql) is on an anonymous volume: name it so it survives the container (compose.yml:24)"),
                findings(obs));
        Map<String, Boolean> checks = checks(obs);
        assertEquals(Map.of("healthcheck", false, "restart", false, "pinned", false, "secrets", false, "volumes", false,
                "limits", false, "dependsOn", true, "dockerfile", false, "required", false), checks,
                "depends_on [db]: db has no healthcheck to wait for");
        String all = String.join("\n", findings(obs)) + obs.evidence() + obs.checks();
        for (String secret : List.of("hunter2-inline", "s3cr3t-pw", "tok-inline-123")) {
            assertFalse(all.contains(secret), "a secret value in the output: " + secret);
        }
    }

    @Test
    void dependsOnMustWaitForHealthAndMergeKeysCount() throws Exception {
        write("compose.yml", String.join("\n",
                "x-defaults: &defaults",
                "  restart: unless-stopped",
                "  healthcheck: {test: [\"CMD\", \"true\"]}",
                "  deploy: {resources: {limits: {cpus: '1', memory: 256m}}}",
                "services:",
                "  db:",
                "    <<: *defaults",
                "    image: postgres:16@sha256:" + "a".repeat(64),
                "    volumes:",
                "      - type: volume",
                "        source: pgdata",
                "        target: /var/lib/postgresql/data",
                "  api:",
                "    <<: *defaults",
                "    image: api:${TAG:?set TAG}",
                "    depends_on: [db]",
                "  worker:",
                "    <<: *defaults",
                "    image: api:${TAG:-latest}",
                "    depends_on:",
                "      db: {condition: service_started}",
                "      queue: {condition: service_healthy}",
                "volumes:",
                "  pgdata: {}",
                ""));
        Observation obs = run(KIND, "path: compose.yml", ctx());
        assertEquals(List.of(
                "api: depends_on db starts before db is healthy: use condition: service_healthy (compose.yml:16)",
                "worker: image api:${TAG:-latest} is not pinned (latest) (compose.yml:19)",
                "worker: depends_on db starts before db is healthy: use condition: service_healthy (compose.yml:21)",
                "worker: depends_on queue: no such service (compose.yml:22)"), findings(obs));
    }

    @Test
    void missingInvalidAndForeignFilesFailNamingTheFile() throws Exception {
        assertEquals("compose file gone.yml does not exist",
                assertThrows(TargetFailure.class, () -> run(KIND, "path: gone.yml", ctx())).getMessage());
        write("bad.yml", "services:\n  db:\n    image: [postgres\n");
        String bad = assertThrows(TargetFailure.class, () -> run(KIND, "path: bad.yml", ctx())).getMessage();
        assertTrue(bad.matches("bad\\.yml:4:1: invalid YAML: .+"), bad);
        write("other.yml", "version: 1\nsections: []\n");
        assertEquals("other.yml: not a compose file: no services: mapping",
                assertThrows(TargetFailure.class, () -> run(KIND, "path: other.yml", ctx())).getMessage());
    }

    @Test
    void validation() {
        assertEquals(List.of("1:1 missing required field 'path'"), problems(KIND, "require: [db]"));
        assertEquals(List.of("2:1 unknown key 'requires'"), problems(KIND, "path: c.yml\nrequires: [db]").stream()
                .map(s -> s.replaceAll(" \\(.*", "")).toList());
    }
}
