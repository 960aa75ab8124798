package dev.deploycheck.report;

import dev.deploycheck.run.ItemResult;
import dev.deploycheck.run.RunResult;
import dev.deploycheck.run.Verdict;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * GitHub Actions support, on when {@code GITHUB_ACTIONS=true}: an {@code ::error} / {@code ::warning} workflow command
 * per failing item (the runner turns them into annotations on checklist.yaml) and the Markdown report appended to
 * the file named by {@code GITHUB_STEP_SUMMARY}.
 */
public final class GithubActions {
    private final Map<String, String> env;

    public GithubActions(Map<String, String> env) {
        this.env = env;
    }

    public boolean enabled() {
        return "true".equals(env.get("GITHUB_ACTIONS"));
    }

    /** Writes the annotations to {@code commands} and appends the step summary; a summary that cannot be written warns. */
    public void publish(RunResult r, Writer commands) throws IOException {
        annotate(r, commands);
        String summary = env.get("GITHUB_STEP_SUMMARY");
        if (summary != null && !summary.isBlank()) {
            StringWriter md = new StringWriter();
            new MarkdownReport().write(r, md);
            try {
                Files.writeString(Path.of(summary), md + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            } catch (IOException e) {
                commands.write("::warning::" + data("cannot append the step summary to " + summary + ": " + e) + "\n");
            }
        }
        commands.flush();
    }

    static void annotate(RunResult r, Writer out) throws IOException {
        for (ItemResult i : r.items()) {
            if (i.verdict() != Verdict.FAIL && i.verdict() != Verdict.WARN && i.verdict() != Verdict.ERROR) {
                continue;
            }
            StringBuilder sb = new StringBuilder("::").append(SarifReport.level(i));
            sb.append(" file=").append(property(i.pos().file()));
            if (i.pos().line() > 0) {
                sb.append(",line=").append(i.pos().line()).append(",col=").append(i.pos().column());
            }
            sb.append(",title=").append(property(i.verdict() + " " + i.id() + ": " + i.title()));
            sb.append("::").append(data(SarifReport.message(i))).append('\n');
            out.write(sb.toString());
        }
    }

    /** A command's message: % CR LF escaped, so a message is one line and cannot end the command early. */
    static String data(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** A command property value: also ':' and ',' which separate properties. */
    static String property(String s) {
        return data(s).replace(":", "%3A").replace(",", "%2C");
    }
}
