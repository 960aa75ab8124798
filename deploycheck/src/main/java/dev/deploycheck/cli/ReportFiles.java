package dev.deploycheck.cli;

import dev.deploycheck.checklist.TextFiles;
import dev.deploycheck.report.ReportReader;
import dev.deploycheck.run.RunResult;
import java.nio.file.Path;

/** Reading the files the report commands are given, with unreadable input as a usage error (exit 2). */
final class ReportFiles {
    private ReportFiles() {}

    static String read(Path file, String what) {
        int limit = what.equals("key") ? TextFiles.CONFIG_LIMIT : TextFiles.REPORT_LIMIT;
        try {
            return file.toString().equals("-") ? TextFiles.read(System.in, what + " on standard input", limit)
                    : TextFiles.read(file, what + " " + file, limit);
        } catch (TextFiles.Unreadable e) {
            throw new UsageException(e.getMessage());
        }
    }

    static RunResult readReport(Path file) {
        try {
            return ReportReader.read(read(file, "report"));
        } catch (ReportReader.InvalidReportException e) {
            throw new UsageException(file + ": " + e.getMessage());
        }
    }
}
