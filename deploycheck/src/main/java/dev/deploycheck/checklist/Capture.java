package dev.deploycheck.checklist;

import dev.deploycheck.expect.FactPath;

/** A value an item passes on to later items as {@code ${<item-id>.<name>}}; secret captures are masked. */
public record Capture(String name, FactPath path, boolean secret, Pos pos) {}
