package dev.deploycheck.cli;

import dev.deploycheck.report.ReportReader;
import dev.deploycheck.run.RunResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading the files the report commands are given, with unreadable input as a usage error (exit 2). */
final class ReportFiles {
    private ReportFiles() {}

    static String read(Path file, String what) {
        try {
            return file.toString().equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("cannot read " + what + " " + file + ": " + reason(e));
        }
    }

    static RunResult readReport(Path file) {
        try {
            return ReportReader.read(read(file, "report"));
        } catch (ReportReader.InvalidReportException e) {
            throw new UsageException(file + ": " + e.getMessage());
        }
    }

    static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return dev.deploycheck.probe.Reasons.of(e);
    }
}
