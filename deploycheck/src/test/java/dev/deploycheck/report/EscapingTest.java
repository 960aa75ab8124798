package dev.deploycheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deploycheck.checklist.Severity;
import dev.deploycheck.expect.Outcome;
import dev.deploycheck.run.RunResult;
import dev.deploycheck.run.Verdict;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Text from targets (bodies, headers, titles) reaches reports: none of it may become markup or break the format. */
class EscapingTest {
    private static final String HOSTILE = "<script>alert('x')</script> & `rm` *bold* [link](http://evil) | # 100%\nnot ok 9";

    private static RunResult run() {
        return SampleRun.run(List.of(SampleRun.item("xss", HOSTILE, "S<b>", "http", Severity.CRITICAL, Verdict.FAIL, HOSTILE,
                List.of(new Outcome("body", false, HOSTILE)), List.of(), 1, 2)));
    }

    private static String render(String format) throws Exception {
        StringWriter w = new StringWriter();
        ReportFormats.find(format).orElseThrow().write(run(), w);
        return w.toString();
    }

    @Test
    void htmlEscapesEverythingAndLoadsNothing() throws Exception {
        String html = render("html");
        assertFalse(html.contains("<script>"), html);
        assertTrue(html.contains("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp;"), html);
        assertFalse(html.contains("S<b>"));
        assertFalse(html.contains("src="), "no external assets");
        assertFalse(html.contains("href="), "no external assets");
    }

    @Test
    void markdownShowsTextLiterally() throws Exception {
        String md = render("markdown");
        assertFalse(md.contains("<script>"), md);
        assertTrue(md.contains("\\<script\\>alert('x')\\</script\\> \\& \\`rm\\` \\*bold\\* \\[link\\](http://evil) \\| \\# 100% not ok 9"), md);
    }

    @Test
    void tapKeepsOneTestPointPerItem() throws Exception {
        String tap = render("tap");
        assertEquals(1, tap.lines().filter(l -> l.matches("^(not )?ok \\d+.*")).count(), tap);
        assertTrue(tap.contains("not ok 1 - xss: <script>alert('x')</script> & `rm` *bold* [link](http://evil) | \\# 100% not ok 9\n"), tap);
    }

    @Test
    void sarifAndJsonStayValidJson() throws Exception {
        ObjectMapper m = new ObjectMapper();
        assertEquals(HOSTILE, m.readTree(render("sarif")).at("/runs/0/tool/driver/rules/0/shortDescription/text").asText());
        assertEquals(HOSTILE, m.readTree(render("json")).at("/items/0/title").asText());
    }
}
