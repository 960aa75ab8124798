package dev.deploycheck.probe;

import dev.deploycheck.checklist.Env;
import dev.deploycheck.checklist.Redactor;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * What a running probe may use: its time budget, the directory relative paths resolve against, the run's
 * environment (process env + the profile's env file), and the redactor for any secret value it reads.
 */
public record ProbeContext(String itemId, Duration timeout, Instant deadline, Path baseDir, Env env, Redactor redactor) {
    /** Time left before this attempt must end (never negative). */
    public Duration remaining() {
        Duration d = Duration.between(Instant.now(), deadline);
        return d.isNegative() ? Duration.ZERO : d;
    }

    public Path resolve(String path) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p : baseDir.resolve(p).normalize();
    }
}
