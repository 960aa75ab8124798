package dev.deploycheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deploycheck.checklist.Pos;
import dev.deploycheck.checklist.Severity;
import dev.deploycheck.run.ItemResult;
import dev.deploycheck.run.Verdict;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A browser item's screenshots are in the HTML report itself: one file to archive, nothing loaded from disk. */
class HtmlScreenshotsTest {
    /** A 1x1 PNG. */
    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    @TempDir
    Path dir;

    private static String html(String kind, String... evidence) throws Exception {
        ItemResult item = new ItemResult("frontend-loading", "Frontend loading", "Verification", kind, Severity.CRITICAL,
                Verdict.PASS, "ok", List.of(), List.of(), List.of(evidence), Map.of(), SampleRun.T0, Duration.ofMillis(5),
                1, new Pos("checklist.yaml", 3, 9));
        StringWriter w = new StringWriter();
        ReportFormats.find("html").orElseThrow().write(SampleRun.run(List.of(item)), w);
        return w.toString();
    }

    @Test
    void aBrowserItemsScreenshotIsEmbedded() throws Exception {
        Path shot = Files.createDirectories(dir.resolve("screenshots")).resolve("frontend-loading-last.png");
        Files.write(shot, PNG);
        String html = html("browser", "screenshot: " + shot);
        assertTrue(html.contains("<img src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(PNG) + "\""), html);
        assertTrue(html.contains("<figcaption>" + shot + "</figcaption>"), html);
        assertFalse(html.contains("file:"), "nothing linked from disk");
    }

    @Test
    void onlyRealScreenshotsOfBrowserItems() throws Exception {
        Path shots = Files.createDirectories(dir.resolve("screenshots"));
        Path notPng = Files.writeString(shots.resolve("x.png"), "not an image");
        Path elsewhere = Files.write(dir.resolve("elsewhere.png"), PNG);
        Path real = Files.write(shots.resolve("real.png"), PNG);
        Path link = Files.createSymbolicLink(shots.resolve("link.png"), elsewhere);
        for (String html : List.of(html("browser", "screenshot: " + notPng), html("browser", "screenshot: " + elsewhere),
                html("browser", "screenshot: " + link), html("browser", "screenshot: " + shots.resolve("gone.png")),
                // an http item's evidence can carry a target's text: never read as a file name
                html("http", "screenshot: " + real))) {
            assertFalse(html.contains("<img"), html);
        }
        assertEquals(1, html("browser", "screenshot: " + real).split("<img", -1).length - 1);
    }
}
