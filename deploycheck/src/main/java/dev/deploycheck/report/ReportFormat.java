package dev.deploycheck.report;

import dev.deploycheck.run.RunResult;
import java.io.IOException;
import java.io.Writer;

/** One output format of a run's result. Register each with one line in {@link ReportFormats}. */
public interface ReportFormat {
    /** The name used with --format / --report: {@code json}, {@code junit}, ... */
    String name();

    /** File extension for default file names. */
    String extension();

    void write(RunResult result, Writer out) throws IOException;
}
