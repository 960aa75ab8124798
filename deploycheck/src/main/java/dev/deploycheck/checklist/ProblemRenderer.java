package dev.deploycheck.checklist;

import java.util.List;
import java.util.Map;

/**
 * Renders problems the way Hurl and rustc do:
 * <pre>
 * error: unknown probe kind 'htpp'
 *   --> checklist.yaml:12:12
 *    |
 * 12 |     probe: htpp
 *    |            ^^^^ did you mean 'http'?
 * </pre>
 */
public final class ProblemRenderer {
    private ProblemRenderer() {}

    public static String render(List<Problem> problems, Map<String, Source> sources) {
        StringBuilder sb = new StringBuilder();
        for (Problem p : problems) {
            sb.append(render(p, sources.get(p.pos().file()))).append('\n');
        }
        sb.append(problems.size() == 1 ? "1 error" : problems.size() + " errors").append('\n');
        return sb.toString();
    }

    public static String render(Problem p, Source source) {
        StringBuilder sb = new StringBuilder();
        sb.append("error: ").append(p.message()).append('\n');
        Pos pos = p.pos();
        String gutter = " ".repeat(String.valueOf(Math.max(pos.line(), 1)).length());
        sb.append(gutter).append("--> ").append(pos).append('\n');
        if (source != null && pos.line() >= 1 && pos.line() <= source.lines().size()) {
            String line = source.line(pos.line()).replace('\t', ' ');
            sb.append(gutter).append(" |\n");
            sb.append(pos.line()).append(" | ").append(line).append('\n');
            sb.append(gutter).append(" | ").append(" ".repeat(Math.max(0, pos.column() - 1)))
                    .append("^".repeat(p.width()));
            if (p.hint() != null) {
                sb.append(' ').append(p.hint());
            }
            sb.append('\n');
        } else if (p.hint() != null) {
            sb.append(gutter).append(" = ").append(p.hint()).append('\n');
        }
        return sb.toString();
    }
}
