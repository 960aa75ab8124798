package dev.deploycheck.checklist;

/** How much an item's failure matters: a critical failure fails the run, a warning only warns. */
public enum Severity {
    CRITICAL, WARNING;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
