package dev.deploycheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deploycheck.testing.CliRun;
import dev.deploycheck.testing.ScriptedHttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a careless or hostile user drives it: each answer is exit 2 with words, never a trace. */
class HostileInputTest {
    @TempDir
    Path dir;
    ScriptedHttpServer server;
    Path checklist;

    @BeforeEach
    void setUp() throws Exception {
        server = new ScriptedHttpServer().route("/ok", ScriptedHttpServer.Answer.ok("{\"status\":\"ok\"}"));
        checklist = dir.resolve("checklist.yaml");
        Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(dir.resolve("profiles/local.yaml"), "name: local\nvars:\n  api: " + server.url("") + "\n");
        Files.writeString(checklist, "version: 1\nsections:\n  - name: S\n    items:\n      - id: a\n        title: T\n"
                + "        probe: http\n        url: ${vars.api}/ok\n        expect: [status == 200]\n");
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private static CliRun cli(String... args) {
        return CliRun.of(Map.of(), args);
    }

    private static void noTrace(CliRun r) {
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception") || r.out().contains("Exception"),
                r.describe());
    }

    @Test
    void aDeviceAsTheChecklistIsRefusedAtOnce() {
        CliRun r = cli("validate", "-c", "/dev/zero", "-p", dir.resolve("profiles/local.yaml").toString());
        assertEquals(2, r.exitCode(), r.describe());
        assertTrue(r.err().startsWith("error: cannot read /dev/zero: not a regular file (a device, FIFO or socket)\n"),
                r.describe());
        noTrace(r);
    }

    @Test
    void zeroConcurrencyIsAUsageError() {
        CliRun r = cli("verify", "-c", checklist.toString(), "--concurrency", "0");
        assertEquals(2, r.exitCode(), r.describe());
        assertTrue(r.err().contains("--concurrency must be at least 1"), r.describe());
        noTrace(r);
    }

    @Test
    void aMistypedCommandOrOptionGetsADidYouMean() {
        CliRun r = cli("verfy", "--env", "local");
        assertEquals(2, r.exitCode(), r.describe());
        assertTrue(r.err().startsWith("error: unknown command 'verfy'\ndid you mean 'verify'?\n"), r.describe());
        CliRun o = cli("verify", "-c", checklist.toString(), "--concurency=2");
        assertEquals(2, o.exitCode(), o.describe());
        assertTrue(o.err().startsWith("error: unknown option '--concurency=2'\ndid you mean '--concurrency'?\n"),
                o.describe());
        CliRun far = cli("frobnicate");
        assertEquals("error: unknown command 'frobnicate'", far.err().lines().findFirst().orElse(""), far.describe());
        assertFalse(far.err().contains("did you mean"), far.describe());
    }

    /** The script picocli writes, loaded into a real bash and asked what the user's TAB would get. */
    @Test
    void theCompletionScriptCompletesCommandsAndOptionsInBash() throws Exception {
        CliRun r = cli("completion");
        assertEquals(0, r.exitCode(), r.describe());
        Path script = dir.resolve("deploycheck-completion.bash");
        Files.writeString(script, r.out());
        assertEquals(List.of("verify", "validate"), complete(script, "deploycheck", "v"));
        assertTrue(complete(script, "deploycheck", "verify", "--con").contains("--concurrency"),
                complete(script, "deploycheck", "verify", "--con").toString());
    }

    private static List<String> complete(Path script, String... words) throws Exception {
        String array = String.join(" ", java.util.Arrays.stream(words).map(w -> "'" + w + "'").toList());
        String program = "source '" + script + "'\nCOMP_WORDS=(" + array + ")\nCOMP_CWORD=" + (words.length - 1)
                + "\nCOMP_LINE='" + String.join(" ", words) + "'\nCOMP_POINT=${#COMP_LINE}\n"
                + "_complete_deploycheck\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Process p = new ProcessBuilder("bash", "-c", program).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.lines().map(String::strip).filter(s -> !s.isEmpty()).sorted(java.util.Comparator.reverseOrder())
                .toList();
    }

    /** The page groff renders without a warning, with the options --help lists. */
    @Test
    void theManPageIsValidTroffWithEveryOption() throws Exception {
        CliRun r = cli("man", "verify");
        assertEquals(0, r.exitCode(), r.describe());
        Process p = new ProcessBuilder("groff", "-man", "-Tutf8", "-ww", "-z").redirectErrorStream(true).start();
        p.getOutputStream().write(r.out().getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String warnings = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), warnings);
        assertEquals("", warnings);
        assertTrue(r.out().startsWith(".TH DEPLOYCHECK-VERIFY 1 "), r.out());
        for (String option : List.of("\\-\\-env", "\\-\\-concurrency", "\\-\\-sign\\-key", "\\-\\-rollback\\-on\\-failure")) {
            assertTrue(r.out().contains("\\fB" + option) || r.out().contains(", " + option), option + " in\n" + r.out());
        }
        assertTrue(r.out().contains(".SH EXIT STATUS"), r.out());
        CliRun root = cli("man");
        assertTrue(root.out().contains(".SH COMMANDS") && root.out().contains("\\fBrollback\\fR"), root.out());
        CliRun typo = cli("man", "verfy");
        assertEquals(2, typo.exitCode(), typo.describe());
        assertTrue(typo.err().contains("no command 'verfy' (did you mean 'verify'?)"), typo.describe());
    }

    @Test
    void colourOnlyOnATerminalAndNeverWithNoColor() {
        assertTrue(run(Map.of(), true).contains("\u001b["), "a terminal gets colour");
        assertFalse(run(Map.of("NO_COLOR", "1"), true).contains("\u001b["), "NO_COLOR turns it off");
        assertFalse(run(Map.of(), false).contains("\u001b["), "a pipe or a file gets none");
    }

    private String run(Map<String, String> env, boolean terminal) {
        StringWriter out = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), new HashMap<>(env), terminal,
                "verify", "-c", checklist.toString());
        assertEquals(0, code, out.toString());
        return out.toString();
    }
}
