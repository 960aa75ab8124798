package dev.deploycheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

/** Which report goes where: explicit FORMAT=FILE, a file's extension, and mismatches refused before the run. */
class OutputsTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    @TempDir
    Path dir;

    private void write(String... args) throws Exception {
        Outputs outputs = new Outputs();
        new CommandLine(outputs).parseArgs(args);
        outputs.validate();
        outputs.write(SampleRun.failed(), new Cli(new PrintWriter(out), new PrintWriter(err), Map.of(), false));
    }

    private String refused(String... args) {
        Outputs outputs = new Outputs();
        new CommandLine(outputs).parseArgs(args);
        return assertThrows(UsageException.class, outputs::validate).getMessage();
    }

    private String file(String name) {
        return dir.resolve(name).toString();
    }

    private static void assertJson(Path file) throws Exception {
        assertEquals("FAILED", new ObjectMapper().readTree(Files.readString(file)).get("result").asText());
    }

    @Test
    void consoleAndAJsonFileAreNotMixedUp() throws Exception {
        write("-f", "console", "-f", "json", "-o", file("r.json"));
        assertJson(dir.resolve("r.json"));
        assertTrue(out.toString().contains("FAILED (exit 1)"), out.toString());
        assertFalse(out.toString().contains("\"result\""), out.toString());
    }

    @Test
    void formatEqualsFileSaysBothAtOnce() throws Exception {
        write("-f", "json=" + file("report.out"), "-f", "junit=" + file("j.txt"));
        assertJson(dir.resolve("report.out"));
        assertTrue(Files.readString(dir.resolve("j.txt")).startsWith("<?xml"));
        assertTrue(out.toString().contains("FAILED (exit 1)"), "console on stdout when every report has a file");
    }

    @Test
    void theExtensionNamesTheFormat() throws Exception {
        write("-o", file("a.json"), "-o", file("b.junit.xml"), "-o", file("c.sarif"));
        assertJson(dir.resolve("a.json"));
        assertTrue(Files.readString(dir.resolve("b.junit.xml")).contains("<testsuites"));
        assertTrue(Files.readString(dir.resolve("c.sarif")).contains("\"$schema\""));
    }

    @Test
    void theFormPipelinesUseStillPairs() throws Exception {
        write("-f", "json", "-o", file("r.json"), "-f", "junit", "-o", file("j.xml"));
        assertJson(dir.resolve("r.json"));
        assertTrue(Files.readString(dir.resolve("j.xml")).contains("<testsuites"));
    }

    @Test
    void mismatchesAreRefused() {
        assertEquals("--output " + file("r.xml") + " is a junit report by its extension, but --format json has no file:"
                + " write --format json=" + file("r.xml") + " to put json there, or name the file by its format",
                refused("-f", "json", "-o", file("r.xml")));
        assertTrue(refused("-o", file("r.out")).contains("cannot tell the report format from the extension; write"
                + " --format FORMAT=" + file("r.out")));
        assertTrue(refused("-f", "json", "-f", "tap").startsWith("two reports would go to stdout (json, tap)"));
        assertTrue(refused("-f", "json=" + file("x.json"), "-o", file("x.json"))
                .startsWith("two reports would be written to"));
        assertTrue(refused("-f", "jsn").contains("unknown format 'jsn'"));
        assertTrue(refused("-f", "json=").contains("names no file"));
    }
}
