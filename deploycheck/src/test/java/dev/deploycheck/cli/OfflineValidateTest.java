package dev.deploycheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deploycheck.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * validate and list in a pull-request pipeline: the files are checked, the inputs that only exist where the run
 * happens are listed; --strict and verify make each missing one an error.
 */
class OfflineValidateTest {
    @TempDir
    Path dir;

    private Path write() throws Exception {
        Path checklist = dir.resolve("checklist.yaml");
        Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(dir.resolve("profiles/prod.yaml"), """
                name: prod
                envFile: /srv/nowhere/current/.env
                secrets: [SMOKE_PASSWORD]
                vars:
                  api: ${env.API_URL}
                """);
        Files.writeString(checklist, """
                version: 1
                sections:
                  - name: S
                    items:
                      - id: login
                        title: Login
                        probe: http
                        method: POST
                        url: ${vars.api}/login
                        json: {password: "${secret.SMOKE_PASSWORD}"}
                        expect: [status == 200]
                      - id: db
                        title: DB
                        probe: postgres
                        url: ${env.DATABASE_URL}
                """);
        return checklist;
    }

    @Test
    void validateChecksTheFilesAndListsWhatTheRunNeeds() throws Exception {
        Path c = write();
        CliRun r = CliRun.of(Map.of(), "validate", "-c", c.toString(), "--env", "prod");
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.out().endsWith("needs at run time: env API_URL, env DATABASE_URL, env file /srv/nowhere/current/.env,"
                + " secret SMOKE_PASSWORD\n"), r.describe());
        CliRun l = CliRun.of(Map.of(), "list", "-c", c.toString(), "--env", "prod");
        assertEquals(0, l.exitCode(), l.describe());
        assertTrue(l.out().contains("login") && l.out().contains("needs at run time: env API_URL"), l.describe());
    }

    @Test
    void whatIsThereIsNotListed() throws Exception {
        Path c = write();
        CliRun r = CliRun.of(Map.of("API_URL", "https://api.example", "DATABASE_URL", "postgres://db/app",
                "SMOKE_PASSWORD", "hunter2-but-longer"), "validate", "-c", c.toString(), "--env", "prod");
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.out().endsWith("needs at run time: env file /srv/nowhere/current/.env\n"), r.describe());
        assertFalse(r.out().contains("hunter2"), r.describe());
    }

    @Test
    void strictAndVerifyMakeEachMissingInputAnError() throws Exception {
        Path c = write();
        for (String[] args : new String[][] {{"validate", "--strict"}, {"verify"}}) {
            CliRun r = CliRun.of(Map.of(), args[0], args.length > 1 ? args[1] : "-v", "-c", c.toString(), "--env", "prod");
            assertEquals(2, r.exitCode(), r.describe());
            assertTrue(r.err().contains("env file not found: /srv/nowhere/current/.env"), r.describe());
            assertTrue(r.err().contains("undefined variable 'env.DATABASE_URL'"), r.describe());
            assertTrue(r.err().contains("undefined variable 'secret.SMOKE_PASSWORD'"), r.describe());
        }
    }

    @Test
    void aMistakeInTheFilesIsStillAnError() throws Exception {
        Path c = write();
        Files.writeString(c, Files.readString(c).replace("probe: postgres", "probe: postgress"));
        CliRun r = CliRun.of(Map.of(), "validate", "-c", c.toString(), "--env", "prod");
        assertEquals(2, r.exitCode(), r.describe());
        assertTrue(r.err().contains("unknown probe kind 'postgress'"), r.describe());
    }

    /** The repository's own checklist with every profile, in a shell without any of their inputs. */
    @ParameterizedTest
    @ValueSource(strings = {"local", "ci", "staging", "prod"})
    void theRepositorysProfilesValidateInACleanShell(String env) {
        Path checklist = Path.of("..", "checklist.yaml").toAbsolutePath().normalize();
        CliRun r = CliRun.of(Map.of(), "validate", "-c", checklist.toString(), "--env", env);
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.out().startsWith("ok: "), r.describe());
    }
}
