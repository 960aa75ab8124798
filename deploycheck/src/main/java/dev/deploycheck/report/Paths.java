package dev.deploycheck.report;

import java.nio.file.Path;

/** Paths as reports show them: relative to the working directory when inside it, with forward slashes. */
final class Paths {
    private Paths() {}

    static String display(Path p) {
        if (p == null) {
            return "";
        }
        Path abs = p.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        Path shown = abs.startsWith(cwd) ? cwd.relativize(abs) : abs;
        return shown.toString().replace('\\', '/');
    }
}
