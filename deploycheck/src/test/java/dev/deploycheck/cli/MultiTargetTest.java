package dev.deploycheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deploycheck.testing.CliRun;
import dev.deploycheck.testing.ScriptedHttpServer;
import dev.deploycheck.testing.ScriptedHttpServer.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fleet in one run: the profile's targets, each with its own variables, reported per target; worst verdict wins. */
class MultiTargetTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    final List<ScriptedHttpServer> servers = new ArrayList<>();
    Path checklist;

    @BeforeEach
    void setUp() throws Exception {
        for (int i = 0; i < 3; i++) {
            servers.add(new ScriptedHttpServer().route("/health", i == 1
                    ? new Answer(503, "{\"status\":\"DOWN\"}", 0, Map.of()) : Answer.ok("{\"status\":\"UP\"}")));
        }
        checklist = dir.resolve("checklist.yaml");
        Files.writeString(checklist, """
                version: 1
                sections:
                  - name: Verification Steps
                    items:
                      - id: health
                        title: Health checks passing
                        probe: http
                        url: ${vars.api}/health
                        expect: [status == 200, 'json.status == "UP"']
                """);
        Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(dir.resolve("profiles/fleet.yaml"), "name: fleet\ntargets:\n"
                + "  - name: eu-west\n    vars: {api: " + servers.get(0).url("") + "}\n"
                + "  - name: us-east\n    vars: {api: " + servers.get(1).url("") + "}\n"
                + "  - name: ap-south\n    vars: {api: " + servers.get(2).url("") + "}\n");
    }

    @AfterEach
    void tearDown() {
        servers.forEach(ScriptedHttpServer::close);
    }

    private CliRun verify(String... args) {
        List<String> all = new ArrayList<>(List.of("verify", "--checklist", checklist.toString(), "--env", "fleet"));
        all.addAll(List.of(args));
        return CliRun.of(Map.of(), all.toArray(String[]::new));
    }

    @Test
    void everyTargetRunsOnceAndTheWorstVerdictIsTheExitCode() throws Exception {
        Path out = dir.resolve("fleet.json");
        CliRun r = verify("-f", "console", "-f", "json=" + out);
        assertEquals(1, r.exitCode(), r.describe());
        assertTrue(r.out().contains("eu-west · Verification Steps") && r.out().contains("us-east · Verification Steps")
                && r.out().contains("ap-south · Verification Steps"), r.describe());
        JsonNode items = JSON.readTree(Files.readString(out)).path("items");
        assertEquals(3, items.size());
        List<String> seen = new ArrayList<>();
        items.forEach(i -> seen.add(i.path("target").asText() + "=" + i.path("verdict").asText()));
        assertEquals(List.of("eu-west=PASS", "us-east=FAIL", "ap-south=PASS"), seen);
        servers.forEach(s -> assertEquals(1, s.calls("/health")));
    }

    @Test
    void targetsCanBeChosenAndAnUnknownOneIsExitTwo() throws Exception {
        CliRun two = verify("--target", "eu-west,ap-south");
        assertEquals(0, two.exitCode(), two.describe());
        assertEquals(0, servers.get(1).calls("/health"));
        CliRun typo = verify("--target", "eu-wst");
        assertEquals(2, typo.exitCode(), typo.describe());
        assertTrue(typo.err().contains("--target names an unknown target 'eu-wst'; did you mean 'eu-west'?"), typo.describe());
    }

    @Test
    void aVariableMissingFromOneTargetIsAnErrorAtLoad() throws Exception {
        Files.writeString(dir.resolve("profiles/fleet.yaml"), "name: fleet\ntargets:\n"
                + "  - name: eu-west\n    vars: {api: " + servers.get(0).url("") + "}\n"
                + "  - name: us-east\n    vars: {apy: x}\n");
        CliRun r = verify();
        assertEquals(2, r.exitCode(), r.describe());
        assertTrue(r.err().contains("undefined variable 'vars.api'"), r.describe());
        Files.writeString(dir.resolve("profiles/fleet.yaml"), "name: fleet\ntargets:\n  - name: a\n  - name: a\n");
        CliRun dup = verify();
        assertTrue(dup.err().contains("duplicate target 'a'"), dup.describe());
    }
}
