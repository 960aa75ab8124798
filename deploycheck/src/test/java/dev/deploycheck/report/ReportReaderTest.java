package dev.deploycheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.deploycheck.checklist.Pos;
import dev.deploycheck.checklist.Severity;
import dev.deploycheck.expect.Outcome;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.run.ItemResult;
import dev.deploycheck.run.RunResult;
import dev.deploycheck.run.Verdict;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportReaderTest {
    private static String json(RunResult r) throws Exception {
        StringWriter w = new StringWriter();
        new JsonReport().write(r, w);
        return w.toString();
    }

    @Test
    void writeReadWriteGivesTheSameJson() throws Exception {
        String first = json(SampleRun.failed());
        assertEquals(first, json(JsonReport.read(first)));
    }

    @Test
    void theGoldenReportReadsBackToItself() throws Exception {
        String golden = Files.readString(Path.of("src/test/resources/golden/out_failed.1.json"), StandardCharsets.UTF_8);
        assertEquals(golden, json(ReportReader.read(golden)));
    }

    @Test
    void everyFieldSurvivesIncludingCapturesChecksAndADeadline() throws Exception {
        ItemResult i = new ItemResult("login", "Auth works", "Verification Steps", "http", Severity.WARNING, Verdict.WARN,
                "status (401) == 200", List.of(new Outcome("status == 200", false, "status (401) == 200")),
                List.of(new Observation.Check("trusted", true, "chain ok")), List.of("POST /api/auth/login -> 401", "ünïcödé ✓"),
                Map.of("token", "****", "user", "smoke@example.com", "b", "2", "a", "1"), SampleRun.T0.plusMillis(7),
                Duration.ofMillis(1500), 3, new Pos("checklist.yaml", 77, 5));
        RunResult r = new RunResult("C", Path.of("checklist.yaml"), "prod", Path.of("profiles/prod.yaml"), SampleRun.T0,
                Duration.ofSeconds(300), List.of(i), true, "deploycheck 9.9");
        String first = json(r);
        RunResult back = JsonReport.read(first);
        assertEquals(first, json(back));
        assertEquals(i, back.items().get(0));
        assertEquals(3, back.exitCode());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[1,2]                                                      | not a deploycheck report: expected a JSON object",
        "{\"schema\":\"x\"}                                         | not a deploycheck report: schema is 'x', expected 'https://deploycheck.dev/schema/report/v1'",
        "{\"schema\":\"https://deploycheck.dev/schema/report/v1\"} | not a deploycheck report: 'items' is missing or not an array",
        "{oops                                                      | not JSON: Unexpected character ('o' (code 111)): was expecting double-quote to start field name",
    })
    void saysWhatIsWrongWithSomethingThatIsNotAReport(String input, String message) {
        assertEquals(message, assertThrows(ReportReader.InvalidReportException.class, () -> ReportReader.read(input)).getMessage());
    }

    @Test
    void aBadItemIsNamed() throws Exception {
        String bad = json(SampleRun.failed()).replace("\"verdict\" : \"FAIL\"", "\"verdict\" : \"MAYBE\"");
        assertEquals("item 'api-health': No enum constant dev.deploycheck.run.Verdict.MAYBE",
                assertThrows(ReportReader.InvalidReportException.class, () -> ReportReader.read(bad)).getMessage());
    }
}
