package dev.deploycheck.cli;

import dev.deploycheck.run.Version;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A man(7) page for a command, written from the same picocli model as {@code --help}, so the two cannot drift:
 * NAME, SYNOPSIS, DESCRIPTION, OPTIONS, ARGUMENTS, COMMANDS, EXIT STATUS and SEE ALSO.
 */
final class ManPage {
    private ManPage() {}

    static String of(CommandSpec spec) {
        String name = spec.qualifiedName(" ");
        String page = spec.qualifiedName("-");
        StringBuilder sb = new StringBuilder();
        sb.append(".TH ").append(page.toUpperCase(java.util.Locale.ROOT)).append(" 1 \"\" \"")
                .append(esc(Version.text())).append("\" \"deploycheck manual\"\n");
        List<String> description = List.of(spec.usageMessage().description());
        sb.append(".SH NAME\n").append(esc(page)).append(" \\- ")
                .append(esc(description.isEmpty() ? "" : description.get(0))).append('\n');
        sb.append(".SH SYNOPSIS\n.B ").append(esc(name)).append('\n');
        if (!spec.options().isEmpty()) {
            sb.append("[\\fIOPTIONS\\fR]\n");
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            sb.append(p.required() ? "\\fI" : "[\\fI").append(esc(p.paramLabel())).append(p.required() ? "\\fR" : "\\fR]")
                    .append(p.isMultiValue() ? "..." : "").append('\n');
        }
        if (!spec.subcommands().isEmpty()) {
            sb.append("\\fICOMMAND\\fR [\\fIARGS\\fR]\n");
        }
        sb.append(".SH DESCRIPTION\n");
        description.forEach(line -> sb.append(text(line)).append('\n'));
        if (!spec.options().isEmpty()) {
            sb.append(".SH OPTIONS\n");
            for (OptionSpec o : spec.options()) {
                if (o.hidden()) {
                    continue;
                }
                sb.append(".TP\n");
                String names = String.join(", ", o.names());
                sb.append("\\fB").append(esc(names)).append("\\fR");
                if (o.arity().max() > 0) {
                    sb.append("=\\fI").append(esc(o.paramLabel())).append("\\fR");
                }
                sb.append('\n');
                for (String line : o.description()) {
                    sb.append(text(rendered(line, o))).append('\n');
                }
            }
        }
        if (!spec.positionalParameters().isEmpty()) {
            sb.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : spec.positionalParameters()) {
                sb.append(".TP\n\\fI").append(esc(p.paramLabel())).append("\\fR\n");
                for (String line : p.description()) {
                    sb.append(text(rendered(line, p))).append('\n');
                }
            }
        }
        if (!spec.subcommands().isEmpty()) {
            sb.append(".SH COMMANDS\n");
            for (Map.Entry<String, CommandLine> e : spec.subcommands().entrySet()) {
                CommandSpec sub = e.getValue().getCommandSpec();
                if (sub.usageMessage().hidden()) {
                    continue;
                }
                String[] d = sub.usageMessage().description();
                sb.append(".TP\n\\fB").append(esc(e.getKey())).append("\\fR\n")
                        .append(text(d.length == 0 ? "" : d[0])).append('\n');
            }
        }
        sb.append(".SH EXIT STATUS\n");
        for (String line : spec.root().usageMessage().footer()) {
            if (!line.isBlank()) {
                sb.append(text(line)).append('\n');
            }
        }
        sb.append(".SH SEE ALSO\n");
        if (spec.parent() == null) {
            sb.append(text(String.join(", ", spec.subcommands().keySet().stream()
                    .map(s -> "deploycheck-" + s + "(1)").toList()))).append('\n');
        } else {
            sb.append(text("deploycheck(1)")).append('\n');
        }
        return sb.toString();
    }

    private static String rendered(String line, CommandLine.Model.ArgSpec a) {
        String defaults = a.defaultValueString() == null ? "" : a.defaultValueString();
        Iterable<String> candidates = a.completionCandidates();
        return line.replace("${DEFAULT-VALUE}", defaults).replace("${COMPLETION-CANDIDATES}",
                candidates == null ? "" : String.join(", ", candidates));
    }

    /** A line of running text: a leading dot or quote would be read as a request. */
    private static String text(String s) {
        String e = esc(s);
        return e.startsWith(".") || e.startsWith("'") ? "\\&" + e : e;
    }

    private static String esc(String s) {
        return s.replace("\\", "\\e").replace("-", "\\-");
    }
}
