package dev.deploycheck.report;

import dev.deploycheck.checklist.Durations;
import dev.deploycheck.run.Verdict;
import dev.deploycheck.run.Watch;
import java.util.List;
import java.util.Map;

/**
 * The bake window in the HTML report: one small chart per item, a square per round coloured by its verdict and
 * the item's duration as a line over them (inline SVG, no script).
 */
final class WatchHtml {
    private static final int CELL = 10;
    private static final int HEIGHT = 28;

    private WatchHtml() {}

    static String section(Watch w) {
        StringBuilder sb = new StringBuilder();
        sb.append("<h2>Bake window</h2>\n<p><span class=\"badge ").append(w.outcome() == Watch.Outcome.PASSED ? "PASS"
                : w.outcome() == Watch.Outcome.FAILED ? "FAIL" : "ERROR").append("\">").append(w.outcome())
                .append("</span> ").append(Xml.esc(w.rounds().size() + " round(s) every " + Durations.format(w.every())
                        + " of " + Durations.format(w.window()) + " — " + w.reason()))
                .append("</p>\n<table class=\"watch\">\n<tr><th>item</th><th>rounds (verdict; line: duration)</th>"
                        + "<th>slowest</th></tr>\n");
        for (Map.Entry<String, List<Watch.Sample>> e : w.series().entrySet()) {
            List<Watch.Sample> points = e.getValue();
            long max = Math.max(1, points.stream().mapToLong(Watch.Sample::durationMs).max().orElse(1));
            int width = Math.max(CELL, points.size() * CELL);
            sb.append("<tr><td><a href=\"#").append(Xml.esc(e.getKey())).append("\">").append(Xml.esc(e.getKey()))
                    .append("</a></td><td><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
                    .append("\" height=\"").append(HEIGHT).append("\" role=\"img\" aria-label=\"")
                    .append(Xml.esc(e.getKey() + ": " + summary(points))).append("\">");
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < points.size(); i++) {
                Watch.Sample s = points.get(i);
                sb.append("<rect x=\"").append(i * CELL).append("\" y=\"").append(HEIGHT - 8).append("\" width=\"")
                        .append(CELL - 1).append("\" height=\"8\" fill=\"").append(colour(s.verdict()))
                        .append("\"><title>").append(Xml.esc("round " + (i + 1) + ": " + s.verdict() + ", "
                                + s.durationMs() + "ms")).append("</title></rect>");
                long y = (HEIGHT - 10) - Math.round((HEIGHT - 12) * (double) s.durationMs() / max);
                line.append(i == 0 ? "" : " ").append(i * CELL + CELL / 2).append(',').append(y);
            }
            if (points.size() > 1) {
                sb.append("<polyline fill=\"none\" stroke=\"#555\" stroke-width=\"1\" points=\"").append(line)
                        .append("\"/>");
            }
            sb.append("</svg></td><td>").append(max).append("ms</td></tr>\n");
        }
        return sb.append("</table>\n").toString();
    }

    private static String summary(List<Watch.Sample> points) {
        long failed = points.stream().filter(p -> p.verdict() == Verdict.FAIL || p.verdict() == Verdict.ERROR).count();
        return points.size() + " rounds, " + failed + " failed or errored";
    }

    private static String colour(Verdict v) {
        switch (v) {
            case PASS: return "#2e7d32";
            case FAIL: return "#c62828";
            case WARN: return "#ef6c00";
            case ERROR: return "#6a1b9a";
            default: return "#9e9e9e";
        }
    }
}
