package dev.deploycheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deploycheck.run.RunResult;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every report format against a golden file named with the run's exit code: {@code golden/out_failed.1.<format>}.
 * Rewrite them with {@code mvn test -Dgolden.update=true} and review the diff.
 */
class GoldenReportTest {
    private static final Path DIR = Path.of("src/test/resources/golden");

    @ParameterizedTest
    @ValueSource(strings = {"console", "json", "junit", "tap", "markdown", "sarif", "html"})
    void matchesGolden(String format) throws IOException {
        RunResult run = SampleRun.failed();
        StringWriter w = new StringWriter();
        ReportFormats.find(format).orElseThrow().write(run, w);
        Path golden = DIR.resolve("out_failed." + run.exitCode() + "." + format);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(DIR);
            Files.writeString(golden, w.toString(), StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(golden), golden + " is missing: run mvn test -Dgolden.update=true and review it");
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), w.toString(), "golden " + golden);
    }
}
