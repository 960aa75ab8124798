package dev.deploycheck.run;

/** An item's verdict. FAIL and ERROR of a critical item fail the run; WARN is a failed warning-severity item. */
public enum Verdict {
    PASS, FAIL, WARN, ERROR, SKIP;

    public boolean ok() {
        return this == PASS || this == WARN;
    }
}
