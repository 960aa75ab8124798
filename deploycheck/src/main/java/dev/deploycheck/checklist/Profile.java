package dev.deploycheck.checklist;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Where and with which values a checklist runs: variables, env file, items (or tags) to skip, the rollback action. */
public record Profile(
        String name,
        Path file,
        Map<String, String> vars,
        Path envFile,
        Map<String, String> skip,
        Map<String, String> skipTags,
        Optional<Rollback> rollback,
        java.util.List<Target> targets) {

    public Profile {
        vars = Map.copyOf(vars);
        skip = Map.copyOf(skip);
        skipTags = Map.copyOf(skipTags);
        targets = java.util.List.copyOf(targets);
    }

    /** A profile for one target (no {@code targets:} list). */
    public Profile(String name, Path file, Map<String, String> vars, Path envFile, Map<String, String> skip,
            Map<String, String> skipTags, Optional<Rollback> rollback) {
        this(name, file, vars, envFile, skip, skipTags, rollback, java.util.List.of());
    }
}
