package dev.deploycheck.cli;

import dev.deploycheck.report.ConsoleReport;
import dev.deploycheck.report.GithubActions;
import dev.deploycheck.report.ReportFormat;
import dev.deploycheck.report.ReportFormats;
import dev.deploycheck.run.RunResult;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where each report goes, stated without ambiguity:
 * <ul>
 *   <li>{@code -f json=report.json}: the format and its file, together;</li>
 *   <li>{@code -o junit.xml}: a file whose extension names the format ({@code .json .xml .tap .md .sarif .html
 *       .txt});</li>
 *   <li>{@code -f json -o report.json}: a bare format and a file of that format are one report (the form older
 *       pipelines use); a file whose extension names a format no bare {@code -f} asked for, while a bare
 *       {@code -f} is left without a file, is refused as a likely mismatch;</li>
 *   <li>a bare {@code -f FORMAT} left over goes to stdout; at most one may.</li>
 * </ul>
 * When every report goes to a file, the console report goes to stdout.
 */
public final class Outputs {
    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT[=FILE]",
            description = "Report format: console, json, junit, tap, markdown, sarif, html; FORMAT=FILE writes it to FILE"
                    + " (repeatable). A bare FORMAT goes to stdout, or to the --output of that format.")
    List<String> formats = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Report file; its extension names the format: .json .xml (junit) .tap .md .sarif .html .txt (repeatable).")
    List<Path> outputs = new ArrayList<>();

    @Option(names = {"-v", "--verbose"}, description = "Show every expectation and the evidence, not only failures.")
    boolean verbose;

    /** One report: a format, and its file (null for stdout). */
    record Report(String format, Path file) {}

    private List<Report> reports;

    /** Works out every report, or refuses the options, before anything runs. */
    void validate() {
        reports = plan();
    }

    private List<Report> plan() {
        List<Report> out = new ArrayList<>();
        List<String> bare = new ArrayList<>();
        for (String f : formats) {
            int eq = f.indexOf('=');
            String name = eq < 0 ? f : f.substring(0, eq);
            known(name, "--format " + f);
            if (eq < 0) {
                bare.add(name);
            } else if (eq == f.length() - 1) {
                throw new UsageException("--format " + f + " names no file: write " + name + "=FILE, or " + name
                        + " alone for stdout");
            } else {
                out.add(new Report(name, Path.of(f.substring(eq + 1))));
            }
        }
        List<Report> unmatched = new ArrayList<>();
        for (Path file : outputs) {
            String name = byExtension(file).orElseThrow(() -> new UsageException("--output " + file
                    + ": cannot tell the report format from the extension; write --format FORMAT=" + file));
            Report report = new Report(name, file);
            if (!bare.remove(name)) {
                unmatched.add(report);
            }
            out.add(report);
        }
        boolean console = bare.remove("console"); // a console report on stdout beside files: what -f console means
        if (!unmatched.isEmpty() && !bare.isEmpty()) {
            Path file = unmatched.get(0).file();
            throw new UsageException("--output " + file + " is a " + unmatched.get(0).format()
                    + " report by its extension, but --format " + bare.get(0) + " has no file: write --format "
                    + bare.get(0) + "=" + file + " to put " + bare.get(0) + " there, or name the file by its format");
        }
        List<String> toStdout = new ArrayList<>(bare);
        if (console) {
            toStdout.add(0, "console");
        }
        if (toStdout.size() > 1) {
            throw new UsageException("two reports would go to stdout (" + String.join(", ", toStdout)
                    + "): give all but one a file, e.g. --format " + toStdout.get(1) + "=FILE");
        }
        toStdout.forEach(f -> out.add(new Report(f, null)));
        for (int i = 0; i < out.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (out.get(i).file() != null && out.get(i).file().equals(out.get(j).file())) {
                    throw new UsageException("two reports would be written to " + out.get(i).file());
                }
            }
        }
        return out;
    }

    private static void known(String name, String option) {
        if (ReportFormats.find(name).isEmpty()) {
            throw new UsageException(option + ": unknown format '" + name + "' (known: "
                    + String.join(", ", ReportFormats.names()) + ")");
        }
    }

    /** The format a file's extension names: {@code report.json} is json, {@code junit.xml} is junit. */
    static Optional<String> byExtension(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String f : ReportFormats.names()) {
            if (name.endsWith("." + ReportFormats.find(f).orElseThrow().extension())) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    private List<Report> reports() {
        if (reports == null) {
            reports = plan();
        }
        return reports;
    }

    /** True when the console report is what stdout gets (no other report goes there). */
    boolean stdoutIsConsole() {
        return reports().stream().noneMatch(r -> r.file() == null && !r.format().equals("console"));
    }

    void write(RunResult result, Cli cli) throws IOException {
        for (Report r : reports()) {
            if (r.file() == null && r.format().equals("console")) {
                continue; // written below, in colour on a terminal
            }
            ReportFormat format = format(r.format());
            if (r.file() != null) {
                Path file = r.file();
                if (file.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(file.toAbsolutePath().getParent());
                }
                try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                    format.write(result, w);
                }
            } else {
                format.write(result, cli.out());
                cli.out().flush();
            }
        }
        if (stdoutIsConsole()) {
            new ConsoleReport(cli.colour(), verbose).write(result, cli.out());
            cli.out().flush();
        }
        GithubActions actions = new GithubActions(cli.env());
        if (actions.enabled()) {
            // the runner reads workflow commands from stderr too: keep a report on stdout parseable
            actions.publish(result, stdoutIsConsole() ? cli.out() : cli.err());
        }
    }

    private ReportFormat format(String name) {
        if (name.equals("console")) {
            return new ConsoleReport(false, verbose);
        }
        return ReportFormats.find(name).orElseThrow();
    }
}
