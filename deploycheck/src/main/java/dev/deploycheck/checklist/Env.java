package dev.deploycheck.checklist;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Environment variables as a run sees them: the profile's env file, overridden by the process environment
 * (the dotenv convention: what the shell sets wins).
 */
public record Env(Map<String, String> values, Set<String> fromFile) {
    public Env {
        values = Map.copyOf(values);
        fromFile = Set.copyOf(fromFile);
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }
}
