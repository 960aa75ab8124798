package dev.deploycheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deploycheck.report.ReportFormats;
import dev.deploycheck.report.SampleRun;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RenderCommandTest {
    @TempDir
    Path dir;

    private Path savedReport() throws Exception {
        StringWriter w = new StringWriter();
        ReportFormats.find("json").orElseThrow().write(SampleRun.failed(), w);
        Path file = dir.resolve("report.json");
        Files.writeString(file, w.toString());
        return file;
    }

    private static String direct(String format) throws Exception {
        StringWriter w = new StringWriter();
        ReportFormats.find(format).orElseThrow().write(SampleRun.failed(), w);
        return w.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"console", "json", "junit", "tap", "markdown", "sarif", "html"})
    void aSavedReportRendersExactlyAsTheRunWould(String format) throws Exception {
        CliRun r = CliRun.run("report", "render", savedReport().toString(), "--format", format).expect(0);
        assertEquals(direct(format), r.out());
    }

    @Test
    void writesToAFileWithOutput() throws Exception {
        Path out = dir.resolve("report.html");
        CliRun r = CliRun.run("report", "render", savedReport().toString(), "-f", "html", "-o", out.toString()).expect(0);
        assertEquals("", r.out());
        assertEquals(direct("html"), Files.readString(out));
    }

    @Test
    void unreadableInputIsAUsageError() throws Exception {
        CliRun missing = CliRun.run("report", "render", dir.resolve("nope.json").toString()).expect(2);
        assertEquals("error: cannot read report " + dir.resolve("nope.json") + ": no such file\n", missing.err());
        Path notReport = dir.resolve("x.json");
        Files.writeString(notReport, "{\"hello\":1}");
        CliRun bad = CliRun.run("report", "render", notReport.toString()).expect(2);
        assertTrue(bad.err().contains("not a deploycheck report: schema is ''"), bad.err());
        CliRun format = CliRun.run("report", "render", savedReport().toString(), "-f", "pdf").expect(2);
        assertTrue(format.err().startsWith("error: unknown format 'pdf' (known: console, json, junit, tap, markdown, sarif, html)"),
                format.err());
    }
}
