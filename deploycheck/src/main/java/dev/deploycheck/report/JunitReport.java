package dev.deploycheck.report;

import dev.deploycheck.expect.Outcome;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.run.ItemResult;
import dev.deploycheck.run.RunResult;
import dev.deploycheck.run.Verdict;
import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * JUnit XML for GitLab, Jenkins and friends: one testsuite per checklist section, one testcase per item
 * (classname = section, name = "id: title"). FAIL is a failure, ERROR an error, SKIP skipped; WARN passes with
 * the warning in system-out (publishing a report never fails a job: the exit code does).
 */
public final class JunitReport implements ReportFormat {
    @Override
    public String name() {
        return "junit";
    }

    @Override
    public String extension() {
        return "xml";
    }

    @Override
    public void write(RunResult r, Writer out) throws IOException {
        Map<String, List<ItemResult>> sections = new LinkedHashMap<>();
        r.items().forEach(i -> sections.computeIfAbsent(i.section(), k -> new java.util.ArrayList<>()).add(i));
        out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.write("<testsuites name=\"" + Xml.esc(r.checklistName()) + "\" tests=\"" + r.items().size()
                + "\" failures=\"" + count(r.items(), Verdict.FAIL) + "\" errors=\"" + count(r.items(), Verdict.ERROR)
                + "\" skipped=\"" + count(r.items(), Verdict.SKIP) + "\" time=\"" + secs(r.duration().toMillis()) + "\">\n");
        for (Map.Entry<String, List<ItemResult>> s : sections.entrySet()) {
            List<ItemResult> items = s.getValue();
            long ms = items.stream().mapToLong(i -> i.duration().toMillis()).sum();
            out.write("  <testsuite name=\"" + Xml.esc(s.getKey()) + "\" tests=\"" + items.size() + "\" failures=\""
                    + count(items, Verdict.FAIL) + "\" errors=\"" + count(items, Verdict.ERROR) + "\" skipped=\""
                    + count(items, Verdict.SKIP) + "\" time=\"" + secs(ms) + "\" timestamp=\"" + r.startedAt() + "\">\n");
            for (ItemResult i : items) {
                writeCase(i, out);
            }
            out.write("  </testsuite>\n");
        }
        out.write("</testsuites>\n");
    }

    private static void writeCase(ItemResult i, Writer out) throws IOException {
        out.write("    <testcase classname=\"" + Xml.esc(i.section()) + "\" name=\"" + Xml.esc(i.id() + ": " + i.title())
                + "\" file=\"" + Xml.esc(i.pos().file()) + "\" line=\"" + i.pos().line() + "\" time=\""
                + secs(i.duration().toMillis()) + "\">\n");
        switch (i.verdict()) {
            case FAIL:
                out.write("      <failure message=\"" + Xml.esc(i.message()) + "\" type=\"" + Xml.esc(i.kind()) + "\">"
                        + Xml.esc(details(i)) + "</failure>\n");
                break;
            case ERROR:
                out.write("      <error message=\"" + Xml.esc(i.message()) + "\" type=\"" + Xml.esc(i.kind()) + "\">"
                        + Xml.esc(details(i)) + "</error>\n");
                break;
            case SKIP:
                out.write("      <skipped message=\"" + Xml.esc(i.message()) + "\"/>\n");
                break;
            default:
                break;
        }
        out.write("      <system-out>" + Xml.esc(i.verdict() + " " + i.message() + "\n" + details(i)) + "</system-out>\n");
        out.write("    </testcase>\n");
    }

    static String details(ItemResult i) {
        StringBuilder sb = new StringBuilder();
        for (Observation.Check c : i.checks()) {
            sb.append(c.passed() ? "  ok   " : "  FAIL ").append(c.name()).append(": ").append(c.detail()).append('\n');
        }
        for (Outcome o : i.expectations()) {
            sb.append(o.passed() ? "  ok   " : "  FAIL ").append(o.message()).append('\n');
        }
        for (String e : i.evidence()) {
            sb.append("  ").append(e).append('\n');
        }
        sb.append("  at ").append(i.pos()).append('\n');
        return sb.toString();
    }

    private static long count(List<ItemResult> items, Verdict v) {
        return items.stream().filter(i -> i.verdict() == v).count();
    }

    static String secs(long ms) {
        return String.format(Locale.ROOT, "%.3f", ms / 1000.0);
    }
}
