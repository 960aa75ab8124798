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
import picocli.CommandLine.Option;

/**
 * {@code -f FORMAT [-o FILE]}, repeatable and paired in order: {@code -f json -o report.json -f junit -o junit.xml}.
 * A format without a file goes to stdout; when every format goes to a file, the console report goes to stdout.
 */
public final class Outputs {
    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
            description = "Report format: console, json, junit, tap, markdown, sarif, html (repeatable; pairs with --output in order).")
    List<String> formats = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "File for the matching --format (repeatable).")
    List<Path> outputs = new ArrayList<>();

    @Option(names = {"-v", "--verbose"}, description = "Show every expectation and the evidence, not only failures.")
    boolean verbose;

    /** Checks formats before anything runs. */
    void validate() {
        for (String f : formats) {
            if (ReportFormats.find(f).isEmpty()) {
                throw new UsageException("unknown format '" + f + "' (known: " + String.join(", ", ReportFormats.names()) + ")");
            }
        }
        if (outputs.size() > formats.size()) {
            throw new UsageException("--output " + outputs.get(formats.size()) + " has no matching --format");
        }
    }

    boolean stdoutIsConsole() {
        return formats.size() == outputs.size();
    }

    void write(RunResult result, Cli cli) throws IOException {
        for (int i = 0; i < formats.size(); i++) {
            ReportFormat format = format(formats.get(i), cli);
            if (i < outputs.size()) {
                Path file = outputs.get(i);
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

    private ReportFormat format(String name, Cli cli) {
        if (name.equals("console")) {
            return new ConsoleReport(false, verbose);
        }
        return ReportFormats.find(name).orElseThrow();
    }
}
