package dev.deploycheck.report;

import dev.deploycheck.checklist.Durations;
import dev.deploycheck.expect.Outcome;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.run.ItemResult;
import dev.deploycheck.run.RunResult;
import dev.deploycheck.run.Verdict;
import java.io.IOException;
import java.io.Writer;
import java.util.Map;
import org.fusesource.jansi.Ansi;

/**
 * The report a person reads in a terminal: items grouped by section with their verdicts, the failing
 * expectations with actual values and the checklist position, then a one-line summary with the exit code.
 */
public final class ConsoleReport implements ReportFormat {
    private final boolean colour;
    private final boolean verbose;

    public ConsoleReport(boolean colour) {
        this(colour, false);
    }

    public ConsoleReport(boolean colour, boolean verbose) {
        this.colour = colour;
        this.verbose = verbose;
    }

    @Override
    public String name() {
        return "console";
    }

    @Override
    public String extension() {
        return "txt";
    }

    @Override
    public void write(RunResult r, Writer out) throws IOException {
        out.write(bold(r.tool()) + " · " + Paths.display(r.checklistFile()) + " · profile " + r.profileName() + "\n");
        String section = null;
        int idWidth = r.items().stream().mapToInt(i -> i.id().length()).max().orElse(10);
        for (ItemResult i : r.items()) {
            if (!i.section().equals(section)) {
                section = i.section();
                out.write("\n" + bold(section) + "\n");
            }
            out.write("  " + verdict(i.verdict()) + "  " + pad(i.id(), idWidth) + "  " + i.title()
                    + dim("  " + Durations.format(i.duration())) + "\n");
            boolean showDetail = verbose || i.verdict() == Verdict.FAIL || i.verdict() == Verdict.WARN
                    || i.verdict() == Verdict.ERROR;
            if (i.verdict() == Verdict.SKIP) {
                out.write("        " + dim(i.message()) + "\n");
            } else if (showDetail) {
                detail(i, out);
            }
        }
        if (r.watch() != null) {
            dev.deploycheck.run.Watch w = r.watch();
            out.write("\nbake window: " + w.rounds().size() + " round(s) every " + Durations.format(w.every())
                    + " of " + Durations.format(w.window()) + " — " + w.reason() + "\n(the items above are the last round)");
        }
        out.write("\n" + summary(r) + "\n");
    }

    private void detail(ItemResult i, Writer out) throws IOException {
        boolean any = false;
        for (Observation.Check c : i.checks()) {
            if (!c.passed() || verbose) {
                out.write("        " + mark(c.passed()) + c.name() + ": " + c.detail() + "\n");
                any = true;
            }
        }
        for (Outcome o : i.expectations()) {
            if (!o.passed() || verbose) {
                out.write("        " + mark(o.passed()) + o.message() + "\n");
                any = true;
            }
        }
        if (!any) {
            out.write("        " + mark(false) + i.message() + "\n");
        }
        if (verbose) {
            for (String e : i.evidence()) {
                out.write("          " + dim(e) + "\n");
            }
        }
        out.write("        " + dim("at " + i.pos()) + "\n");
    }

    public String summary(RunResult r) {
        Map<Verdict, Integer> c = r.counts();
        String counts = c.get(Verdict.PASS) + " passed, " + c.get(Verdict.FAIL) + " failed, " + c.get(Verdict.WARN)
                + " warnings, " + c.get(Verdict.ERROR) + " errors, " + c.get(Verdict.SKIP) + " skipped in "
                + Durations.format(r.duration());
        String verdict = r.watch() != null ? r.watch().outcome().name()
                : r.deadlineExceeded() ? "DEADLINE EXCEEDED" : r.overall();
        String coloured = r.passed() ? green(verdict) : red(verdict);
        return counts + " — " + coloured + " (exit " + r.exitCode() + ")";
    }

    private String verdict(Verdict v) {
        String label = String.format("%-5s", v.name());
        switch (v) {
            case PASS: return green(label);
            case FAIL: case ERROR: return red(label);
            case WARN: return paint(label, Ansi.Color.YELLOW);
            default: return dim(label);
        }
    }

    private String mark(boolean passed) {
        return passed ? green("✓ ") : red("✗ ");
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }

    private String green(String s) {
        return paint(s, Ansi.Color.GREEN);
    }

    private String red(String s) {
        return paint(s, Ansi.Color.RED);
    }

    private String paint(String s, Ansi.Color c) {
        return colour ? Ansi.ansi().fg(c).a(s).reset().toString() : s;
    }

    private String bold(String s) {
        return colour ? Ansi.ansi().bold().a(s).reset().toString() : s;
    }

    private String dim(String s) {
        return colour ? Ansi.ansi().a(Ansi.Attribute.INTENSITY_FAINT).a(s).reset().toString() : s;
    }
}
