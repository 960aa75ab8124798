package dev.deploycheck.run;

/** The exit codes a CI pipeline gates on (DESIGN.md). */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int INVALID = 2;
    public static final int COULD_NOT_RUN = 3;
    public static final int ROLLED_BACK = 4;
    public static final int ROLLBACK_FAILED = 5;

    private ExitCodes() {}
}
