package dev.deploycheck.report;

import dev.deploycheck.checklist.Durations;
import dev.deploycheck.expect.Outcome;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.run.ItemResult;
import dev.deploycheck.run.RunResult;
import dev.deploycheck.run.Verdict;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.util.Map;

/**
 * One self-contained HTML page (inline CSS, no scripts, no external assets) to read or attach to a ticket:
 * summary, then each section with a verdict badge, duration and details per item; items that did not pass are
 * expanded. Every string is escaped.
 */
public final class HtmlReport implements ReportFormat {
    private static final String CSS = """
            :root{--pass:#1a7f37;--fail:#cf222e;--warn:#9a6700;--error:#8250df;--skip:#6e7781;--fg:#1f2328;--muted:#59636e;
            --bg:#fff;--card:#f6f8fa;--line:#d1d9e0}
            @media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--card:#161b22;--line:#30363d}}
            body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);
            max-width:60rem;margin:2rem auto;padding:0 1rem}
            h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line)}
            .meta{color:var(--muted);margin:0 0 1rem}.counts{display:flex;gap:.5rem;flex-wrap:wrap;margin:1rem 0}
            .badge{display:inline-block;min-width:3.5rem;text-align:center;border-radius:1rem;padding:0 .6rem;color:#fff;
            font-weight:600;font-size:.8rem;line-height:1.6rem}
            .PASS,.PASSED{background:var(--pass)}.FAIL,.FAILED{background:var(--fail)}.WARN,.WARNED{background:var(--warn)}
            .ERROR{background:var(--error)}.SKIP{background:var(--skip)}.big{font-size:1rem;line-height:2rem;padding:0 1rem}
            details{background:var(--card);border:1px solid var(--line);border-radius:.4rem;margin:.4rem 0;padding:.4rem .7rem}
            summary{cursor:pointer;display:flex;gap:.6rem;align-items:center}summary::-webkit-details-marker{display:none}
            .id{font-family:ui-monospace,monospace;color:var(--muted);font-size:.85rem}.title{flex:1}
            .dur{color:var(--muted);font-size:.85rem;font-variant-numeric:tabular-nums}
            ul{margin:.5rem 0;padding-left:1.2rem}li.ok::marker{content:"✓ ";color:var(--pass)}
            li.bad::marker{content:"✗ ";color:var(--fail)}
            pre{background:var(--bg);border:1px solid var(--line);border-radius:.3rem;padding:.5rem;overflow-x:auto;
            white-space:pre-wrap;font-size:.85rem;margin:.5rem 0}.where{color:var(--muted);font-size:.85rem}
            """;

    @Override
    public String name() {
        return "html";
    }

    @Override
    public String extension() {
        return "html";
    }

    @Override
    public void write(RunResult r, Writer out) throws IOException {
        String result = r.deadlineExceeded() ? "FAILED" : r.overall();
        out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + h(result + " · " + r.checklistName()) + "</title>\n<style>\n" + CSS + "</style>\n</head>\n<body>\n");
        out.write("<h1>" + h(r.checklistName()) + "</h1>\n");
        out.write("<p class=\"meta\">profile <b>" + h(r.profileName()) + "</b> · " + h(Paths.display(r.checklistFile()))
                + " · started " + h(r.startedAt().toString()) + " · took " + h(Durations.format(r.duration())) + " · "
                + h(r.tool()) + "</p>\n");
        out.write("<p><span class=\"badge big " + result + "\">" + result + "</span> exit code " + r.exitCode()
                + (r.deadlineExceeded() ? " — the global deadline was exceeded" : "") + "</p>\n");
        out.write("<div class=\"counts\">");
        for (Map.Entry<Verdict, Integer> c : r.counts().entrySet()) {
            out.write("<span class=\"badge " + c.getKey() + "\">" + c.getValue() + " " + c.getKey().name().toLowerCase(Locale.ROOT)
                    + "</span>");
        }
        out.write("</div>\n");
        if (r.watch() != null) {
            out.write(WatchHtml.section(r.watch()));
        }
        String section = null;
        for (ItemResult i : r.items()) {
            if (!i.section().equals(section)) {
                section = i.section();
                out.write("<h2>" + h(section) + "</h2>\n");
            }
            item(i, out);
        }
        out.write("</body>\n</html>\n");
    }

    private static void item(ItemResult i, Writer out) throws IOException {
        boolean open = i.verdict() != Verdict.PASS && i.verdict() != Verdict.SKIP;
        out.write("<details" + (open ? " open" : "") + " id=\"" + h(i.id()) + "\">\n<summary><span class=\"badge "
                + i.verdict() + "\">" + i.verdict() + "</span><span class=\"title\">" + h(i.title())
                + "</span><span class=\"id\">" + h(i.id()) + "</span><span class=\"dur\">" + h(Durations.format(i.duration()))
                + "</span></summary>\n");
        out.write("<p>" + h(i.message()) + "</p>\n");
        if (!i.checks().isEmpty() || !i.expectations().isEmpty()) {
            out.write("<ul>\n");
            for (Observation.Check c : i.checks()) {
                out.write(li(c.passed(), c.name() + ": " + c.detail()));
            }
            for (Outcome o : i.expectations()) {
                out.write(li(o.passed(), o.message()));
            }
            out.write("</ul>\n");
        }
        if (!i.evidence().isEmpty()) {
            out.write("<pre>" + h(String.join("\n", i.evidence())) + "</pre>\n");
            // a browser item's screenshots, embedded: the report stays one file that loads nothing (a CI artifact)
            if ("browser".equals(i.kind())) {
                for (String e : i.evidence()) {
                    String file = e.startsWith("screenshot: ") ? e.substring("screenshot: ".length()) : null;
                    java.util.Optional<String> uri = file == null ? java.util.Optional.empty() : Screenshots.dataUri(file);
                    if (uri.isPresent()) {
                        out.write("<figure><img src=\"" + uri.get() + "\" alt=\"" + h("screenshot of " + i.id())
                                + "\" width=\"640\"><figcaption>" + h(file) + "</figcaption></figure>\n");
                    }
                }
            }
        }
        out.write("<p class=\"where\">" + h(i.kind()) + " · " + h(i.severity().label()) + " · " + h(i.pos().toString())
                + (i.attempts() > 1 ? " · " + i.attempts() + " attempts" : "") + "</p>\n</details>\n");
    }

    private static String li(boolean passed, String text) {
        return "<li class=\"" + (passed ? "ok" : "bad") + "\">" + h(text) + "</li>\n";
    }

    private static String h(String s) {
        return Xml.esc(s);
    }
}
