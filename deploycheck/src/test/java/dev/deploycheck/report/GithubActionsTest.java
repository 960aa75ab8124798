package dev.deploycheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deploycheck.checklist.Severity;
import dev.deploycheck.expect.Outcome;
import dev.deploycheck.run.RunResult;
import dev.deploycheck.run.Verdict;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GithubActionsTest {
    @Test
    void annotatesFailWarnAndErrorItemsAtTheirChecklistLines() throws IOException {
        StringWriter out = new StringWriter();
        GithubActions.annotate(SampleRun.failed(), out);
        assertEquals("""
                ::error file=checklist.yaml,line=20,col=9,title=FAIL api-health%3A Health checks passing::status (503) == 200
                ::warning file=checklist.yaml,line=30,col=9,title=WARN headers-grade%3A Security headers configured (HSTS%2C CSP%2C etc.)::header.Content-Security-Policy (missing) exists
                ::error file=checklist.yaml,line=40,col=9,title=ERROR db-connect%3A Database connectivity verified::connection refused: 127.0.0.1:5999 <&>
                """, out.toString());
    }

    @Test
    void escapesPercentAndLineBreaksInMessagesAndAlsoColonAndCommaInProperties() {
        assertEquals("100%25 done%0D%0A::error::x", GithubActions.data("100% done\r\n::error::x"));
        assertEquals("a%3Ab%2Cc%25%0A", GithubActions.property("a:b,c%\n"));
    }

    @Test
    void aMultiLineMessageStaysOneCommand() throws IOException {
        RunResult run = SampleRun.run(List.of(SampleRun.item("x", "X", "S", "http", Severity.CRITICAL, Verdict.FAIL,
                "status (500) == 200", List.of(new Outcome("body contains \"ok\"", false, "body (\"a\nb\") contains \"ok\"")),
                List.of(), 1, 3)));
        StringWriter out = new StringWriter();
        GithubActions.annotate(run, out);
        assertEquals(1, out.toString().lines().count(), out.toString());
        assertTrue(out.toString().endsWith("::status (500) == 200%0Abody (\"a%0Ab\") contains \"ok\"\n"), out.toString());
    }

    @Test
    void appendsTheMarkdownSummaryOnlyWhenRunningInGithubActions(@TempDir Path dir) throws IOException {
        Path summary = dir.resolve("summary.md");
        Files.writeString(summary, "earlier step\n");
        GithubActions on = new GithubActions(Map.of("GITHUB_ACTIONS", "true", "GITHUB_STEP_SUMMARY", summary.toString()));
        assertTrue(on.enabled());
        on.publish(SampleRun.failed(), new StringWriter());
        String text = Files.readString(summary);
        assertTrue(text.startsWith("earlier step\n# Production deployment checklist"), text);
        assertTrue(text.contains("- [ ] Health checks passing"), text);
        assertFalse(new GithubActions(Map.of("CI", "true")).enabled());
    }

    @Test
    void anUnwritableSummaryWarnsInsteadOfFailing(@TempDir Path dir) throws IOException {
        StringWriter out = new StringWriter();
        new GithubActions(Map.of("GITHUB_ACTIONS", "true", "GITHUB_STEP_SUMMARY", dir.toString())).publish(SampleRun.failed(), out);
        assertTrue(out.toString().contains("::warning::cannot append the step summary to " + dir), out.toString());
    }
}
