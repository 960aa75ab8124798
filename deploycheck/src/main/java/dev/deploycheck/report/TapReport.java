package dev.deploycheck.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.deploycheck.expect.Outcome;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.run.ItemResult;
import dev.deploycheck.run.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * TAP version 13: one test point per item with a YAML diagnostic block for everything but a plain pass. A WARN is
 * {@code not ok ... # TODO} (TAP consumers do not count it as a failure, as the run does not); SKIP is
 * {@code ok ... # SKIP reason}.
 */
public final class TapReport implements ReportFormat {
    @Override
    public String name() {
        return "tap";
    }

    @Override
    public String extension() {
        return "tap";
    }

    @Override
    public void write(RunResult r, Writer out) throws IOException {
        out.write("TAP version 13\n");
        out.write("1.." + r.items().size() + "\n");
        int n = 0;
        for (ItemResult i : r.items()) {
            n++;
            String desc = description(i.id() + ": " + i.title());
            switch (i.verdict()) {
                case PASS:
                    out.write("ok " + n + " - " + desc + "\n");
                    break;
                case SKIP:
                    out.write("ok " + n + " - " + desc + " # SKIP " + oneLine(i.message()) + "\n");
                    break;
                case WARN:
                    out.write("not ok " + n + " - " + desc + " # TODO warning: " + oneLine(i.message()) + "\n");
                    diagnostics(i, out);
                    break;
                default:
                    out.write("not ok " + n + " - " + desc + "\n");
                    diagnostics(i, out);
            }
        }
        if (r.deadlineExceeded()) {
            out.write("Bail out! global deadline exceeded\n");
        }
        out.write("# " + r.overall() + " (exit " + r.exitCode() + ")\n");
    }

    private static void diagnostics(ItemResult i, Writer out) throws IOException {
        out.write("  ---\n");
        out.write("  verdict: " + i.verdict() + "\n");
        out.write("  severity: " + i.severity().label() + "\n");
        out.write("  kind: " + q(i.kind()) + "\n");
        out.write("  section: " + q(i.section()) + "\n");
        out.write("  message: " + q(i.message()) + "\n");
        out.write("  at: " + q(i.pos().toString()) + "\n");
        out.write("  duration_ms: " + i.duration().toMillis() + "\n");
        List<String> failed = i.checks().stream().filter(c -> !c.passed()).map(TapReport::check).toList();
        list("checks", failed, out);
        list("expectations", i.expectations().stream().filter(o -> !o.passed()).map(Outcome::message).toList(), out);
        list("evidence", i.evidence(), out);
        out.write("  ...\n");
    }

    private static String check(Observation.Check c) {
        return c.name() + ": " + c.detail();
    }

    private static void list(String key, List<String> values, Writer out) throws IOException {
        if (values.isEmpty()) {
            return;
        }
        out.write("  " + key + ":\n");
        for (String v : values) {
            out.write("    - " + q(v) + "\n");
        }
    }

    /** A JSON string is a valid YAML double-quoted scalar: safe for any text. */
    private static String q(String s) {
        try {
            return JsonReport.MAPPER.writeValueAsString(s == null ? "" : s);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** '#' starts a directive in a TAP description, so it is escaped; a description is one line. */
    private static String description(String s) {
        return oneLine(s).replace("\\", "\\\\").replace("#", "\\#");
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n]+", " ");
    }
}
