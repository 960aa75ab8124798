package dev.deploycheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deploycheck.report.SampleRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The verify command's output path with GITHUB_ACTIONS=true: annotations, step summary, and stdout kept clean. */
class OutputsGithubTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private void write(Map<String, String> env, String... args) throws Exception {
        Outputs outputs = new Outputs();
        new CommandLine(outputs).parseArgs(args);
        outputs.validate();
        outputs.write(SampleRun.failed(), new Cli(new PrintWriter(out), new PrintWriter(err), env, false));
    }

    @Test
    void annotationsFollowTheConsoleReportAndTheSummaryIsAppended(@TempDir Path dir) throws Exception {
        Path summary = dir.resolve("step-summary.md");
        write(Map.of("GITHUB_ACTIONS", "true", "GITHUB_STEP_SUMMARY", summary.toString()));
        String stdout = out.toString();
        assertTrue(stdout.contains("— FAILED (exit 1)"), stdout);
        assertTrue(stdout.contains("::error file=checklist.yaml,line=20,col=9,title=FAIL api-health%3A Health checks passing::"), stdout);
        assertTrue(Files.readString(summary).contains("- [x] Database credentials and connection strings updated"));
    }

    @Test
    void aJsonReportOnStdoutStaysParseableAndTheAnnotationsGoToStderr() throws Exception {
        write(Map.of("GITHUB_ACTIONS", "true"), "-f", "json");
        assertEquals("FAILED", new ObjectMapper().readTree(out.toString()).get("result").asText());
        assertTrue(err.toString().contains("::warning file=checklist.yaml,line=30"), err.toString());
    }

    @Test
    void theVerifyCommandWritesTheStepSummaryInProcess(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("checklist.yaml"), "version: 1\nsections: []\n");
        Files.writeString(dir.resolve("local.yaml"), "name: local\n");
        Path summary = dir.resolve("summary.md");
        CliRun r = CliRun.run(Map.of("GITHUB_ACTIONS", "true", "GITHUB_STEP_SUMMARY", summary.toString()), "verify",
                "-c", dir.resolve("checklist.yaml").toString(), "-p", dir.resolve("local.yaml").toString()).expect(0);
        assertTrue(Files.readString(summary).contains("**PASSED** · exit 0"), Files.readString(summary));
        assertFalse(r.out().contains("::error"), r.out());
    }

    @Test
    void nothingOutsideGithubActions() throws Exception {
        write(Map.of("CI", "true"));
        assertFalse(out.toString().contains("::error"), out.toString());
        assertEquals("", err.toString());
    }
}
