package dev.deploycheck.checklist;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a checklist needs that only exists where it runs: environment variables, secrets, the profile's env file.
 * {@code verify} needs them now (each missing one is an error at its place); {@code validate} and {@code list} in
 * a pull-request pipeline check the files without them and list them instead, unless told to be strict.
 */
public final class RunTimeInputs {
    private final boolean deferred;
    private final Set<String> needed = new TreeSet<>();

    private RunTimeInputs(boolean deferred) {
        this.deferred = deferred;
    }

    /** Every missing input is an error (verify, rollback, validate --strict). */
    public static RunTimeInputs required() {
        return new RunTimeInputs(false);
    }

    /** Missing inputs are listed, not errors (validate, list). */
    public static RunTimeInputs listed() {
        return new RunTimeInputs(true);
    }

    /**
     * A missing input: true when it is recorded as needed at run time (the caller reports nothing), false when the
     * caller must report it as an error.
     */
    boolean missing(String kind, String name) {
        if (deferred) {
            needed.add(kind + " " + name);
        }
        return deferred;
    }

    /** {@code env DATABASE_URL}, {@code secret SMOKE_PASSWORD}, {@code env file /srv/app/.env}: sorted. */
    public List<String> needed() {
        return List.copyOf(needed);
    }
}
