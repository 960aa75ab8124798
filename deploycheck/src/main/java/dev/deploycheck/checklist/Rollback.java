package dev.deploycheck.checklist;

import java.time.Duration;
import java.util.List;

/** The profile's rollback action: a command (argv or a shell line) with its timeout. */
public record Rollback(String command, Duration timeout, List<String> smokeTags, Pos pos) {}
