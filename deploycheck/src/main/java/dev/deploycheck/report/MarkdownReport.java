package dev.deploycheck.report;

import dev.deploycheck.checklist.Durations;
import dev.deploycheck.expect.Outcome;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.run.ItemResult;
import dev.deploycheck.run.RunResult;
import dev.deploycheck.run.Verdict;
import java.io.IOException;
import java.io.Writer;

/**
 * The checklist as the team kept it by hand: a summary table, then each section with {@code - [x]} for a passed
 * line and {@code - [ ]} for every other, the verdict, and under a line that did not pass its failed checks,
 * expectations with actual values, evidence and position. Also the GitHub Actions step summary.
 */
public final class MarkdownReport implements ReportFormat {
    @Override
    public String name() {
        return "markdown";
    }

    @Override
    public String extension() {
        return "md";
    }

    @Override
    public void write(RunResult r, Writer out) throws IOException {
        out.write("# " + Md.esc(r.checklistName()) + "\n\n");
        String result = r.deadlineExceeded() ? "FAILED (global deadline exceeded)" : r.overall();
        out.write("**" + result + "** · exit " + r.exitCode() + " · profile `" + code(r.profileName()) + "` · "
                + r.startedAt() + " · " + Durations.format(r.duration()) + " · " + Md.esc(r.tool()) + "\n\n");
        out.write("| Verdict | Items |\n|---|---:|\n");
        for (java.util.Map.Entry<Verdict, Integer> c : r.counts().entrySet()) {
            out.write("| " + c.getKey() + " | " + c.getValue() + " |\n");
        }
        out.write("| **Total** | **" + r.items().size() + "** |\n");
        String section = null;
        for (ItemResult i : r.items()) {
            if (!i.section().equals(section)) {
                section = i.section();
                out.write("\n## " + Md.esc(section) + "\n\n");
            }
            item(i, out);
        }
    }

    private static void item(ItemResult i, Writer out) throws IOException {
        String box = i.verdict() == Verdict.PASS ? "[x]" : "[ ]";
        String verdict = i.verdict() == Verdict.PASS ? "PASS" : "**" + i.verdict() + "**";
        out.write("- " + box + " " + Md.esc(i.title()) + " — `" + code(i.id()) + "` " + verdict + " · "
                + Durations.format(i.duration()) + "\n");
        if (i.verdict() == Verdict.PASS) {
            return;
        }
        if (i.verdict() == Verdict.SKIP) {
            out.write("  - skipped: " + Md.esc(i.message()) + "\n");
            return;
        }
        boolean any = false;
        for (Observation.Check c : i.checks()) {
            if (!c.passed()) {
                out.write("  - ✗ " + Md.esc(c.name() + ": " + c.detail()) + "\n");
                any = true;
            }
        }
        for (Outcome o : i.expectations()) {
            if (!o.passed()) {
                out.write("  - ✗ " + Md.esc(o.message()) + "\n");
                any = true;
            }
        }
        if (!any) {
            out.write("  - ✗ " + Md.esc(i.message()) + "\n");
        }
        for (String e : i.evidence()) {
            out.write("  - evidence: " + Md.esc(e) + "\n");
        }
        out.write("  - at `" + code(i.pos().toString()) + "` · " + i.severity().label() + "\n");
    }

    /** Text inside a code span: backticks cannot be escaped there, so they are replaced. */
    private static String code(String s) {
        return s == null ? "" : s.replace('`', '\'').replaceAll("[\\r\\n]+", " ");
    }
}
