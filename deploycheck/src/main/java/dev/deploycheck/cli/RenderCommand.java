package dev.deploycheck.cli;

import dev.deploycheck.report.ConsoleReport;
import dev.deploycheck.report.ReportFormat;
import dev.deploycheck.report.ReportFormats;
import dev.deploycheck.run.RunResult;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deploycheck report render REPORT.json --format F [-o FILE]}: a saved JSON report in any format. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Render a saved JSON report (verify -f json) in another format.")
public final class RenderCommand implements Callable<Integer>, CliAware {
    @Parameters(paramLabel = "REPORT", description = "The JSON report, or - for stdin.")
    Path report;

    @Option(names = {"-f", "--format"}, defaultValue = "console", paramLabel = "FORMAT",
            description = "Output format: console, json, junit, tap, markdown, sarif, html (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Path output;

    private Cli cli;

    @Override
    public void cli(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
        ReportFormat f = ReportFormats.find(format).orElseThrow(() -> new UsageException(
                "unknown format '" + format + "' (known: " + String.join(", ", ReportFormats.names()) + ")"));
        RunResult result = ReportFiles.readReport(report);
        if (output == null) {
            (format.equals("console") ? new ConsoleReport(cli.colour()) : f).write(result, cli.out());
            cli.out().flush();
        } else {
            try (Writer w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                f.write(result, w);
            }
        }
        return 0;
    }
}
