package dev.deploycheck.probe.command;

import static dev.deploycheck.testing.DataProbeFixtures.context;
import static dev.deploycheck.testing.DataProbeFixtures.problems;
import static dev.deploycheck.testing.DataProbeFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deploycheck.checklist.Redactor;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.ProbeContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command probe running real processes. */
class CommandProbeTest {
    private static final CommandProbe KIND = new CommandProbe();

    @TempDir
    Path dir;

    private ProbeContext ctx(Duration timeout) {
        return context(dir, timeout, Map.of("FROM_ENV_FILE", "profile-value"), new Redactor());
    }

    @ParameterizedTest(name = "{0} -> exit {1}")
    @CsvSource({"'true', 0", "'false', 1", "'exit 3', 3", "'kill -TERM $$', 143"})
    void exitCodes(String line, int code) throws Exception {
        assertEquals(code, run(KIND, "run: '" + line + "'", ctx(Duration.ofSeconds(5))).get("exitCode"));
    }

    @Test
    void shellLineWithStdoutStderrEnvAndCwd() throws Exception {
        Files.createDirectories(dir.resolve("scripts"));
        Observation obs = run(KIND, String.join("\n",
                "run: 'echo \"out $GREETING $FROM_ENV_FILE\"; pwd; echo oops >&2'",
                "cwd: scripts",
                "env: {GREETING: hello}"), ctx(Duration.ofSeconds(5)));
        assertEquals(0, obs.get("exitCode"));
        assertEquals("out hello profile-value\n" + dir.resolve("scripts").toRealPath(), obs.get("stdout"));
        assertEquals("oops", obs.get("stderr"));
        assertInstanceOf(Duration.class, obs.get("duration"));
        assertTrue(obs.evidence().get(0).startsWith("$ echo \"out $GREETING"), obs.evidence().toString());
    }

    @Test
    void argvIsPassedWithoutAShell() throws Exception {
        Observation obs = run(KIND, "run: [printf, '%s|', 'a b', '$HOME', '*']", ctx(Duration.ofSeconds(5)));
        assertEquals("a b|$HOME|*|", obs.get("stdout"));
        assertEquals("$ printf '%s|' 'a b' '$HOME' '*'  (exit 0 in " + obs.evidence().get(0).split("in ")[1],
                obs.evidence().get(0));
    }

    @Test
    void timeoutKillsTheWholeProcessTree() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        long t0 = System.nanoTime();
        Exception e = assertThrows(Exception.class, () -> run(KIND,
                "run: 'sleep 30 & echo $! > child.pid; sleep 30'", ctx(Duration.ofMillis(700))));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(e.getMessage().startsWith("command did not finish within "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" and was killed: sleep 30 & echo $! > child.pid; sleep 30"), e.getMessage());
        assertTrue(ms < 3000, "returned promptly: " + ms + "ms");
        long child = Long.parseLong(Files.readString(pidFile).trim());
        assertTrue(deadOrZombie(child), "background child " + child + " killed too");
    }

    /** A killed grandchild is re-parented and may stay a zombie until its new parent reaps it: that is dead. */
    private static boolean deadOrZombie(long pid) throws Exception {
        for (int i = 0; i < 50; i++) {
            Path stat = Path.of("/proc/" + pid + "/stat");
            if (!Files.exists(stat)) {
                return true;
            }
            String s = Files.readString(stat);
            if (s.substring(s.lastIndexOf(')') + 2).startsWith("Z")) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    @Test
    void outputIsCappedAndSecretsMasked() throws Exception {
        Redactor redactor = new Redactor();
        redactor.add("hunter2-secret");
        ProbeContext c = context(dir, Duration.ofSeconds(5), Map.of(), redactor);
        Observation obs = run(KIND, "run: 'echo token=hunter2-secret; head -c 5000 /dev/zero | tr \"\\\\0\" x'\n"
                + "maxOutput: 100", c);
        String out = (String) obs.get("stdout");
        assertTrue(out.startsWith("token=********\nxxx"), out);
        assertTrue(out.endsWith("... (4921 more bytes)"), out);
    }

    @Test
    void missingProgramIsAClearError() {
        Exception e = assertThrows(Exception.class,
                () -> run(KIND, "run: [no-such-program-xyz, --version]", ctx(Duration.ofSeconds(5))));
        assertTrue(e.getMessage().startsWith("could not start no-such-program-xyz --version: "), e.getMessage());
        Exception cwd = assertThrows(Exception.class,
                () -> run(KIND, "run: 'true'\ncwd: nowhere", ctx(Duration.ofSeconds(5))));
        assertEquals("working directory " + dir.resolve("nowhere") + " does not exist", cwd.getMessage());
    }

    @Test
    void validation() {
        assertEquals(List.of("1:1 missing required field 'run'"), problems(KIND, "cwd: x"));
        assertEquals(List.of("1:6 'run' must not be empty"), problems(KIND, "run: []"));
        assertEquals(List.of("1:7 'run' must not be empty"), problems(KIND, "run: ''"));
        assertEquals(List.of("1:6 'run' must be a list of arguments or a shell line, not a mapping"),
                problems(KIND, "run: {a: b}"));
        assertEquals(List.of("2:12 'maxOutput' must be a whole number, found 'lots'"),
                problems(KIND, "run: ls\nmaxOutput: lots"));
    }
}
