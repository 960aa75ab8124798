package dev.deploycheck.probe;

import dev.deploycheck.checklist.Env;
import dev.deploycheck.checklist.Params;
import java.util.Set;

/**
 * A kind of probe, named by the checklist's {@code probe:} key. It reads and validates its parameters into a
 * runnable {@link Probe}; problems go to {@link Params#problems()} so that all are reported at once.
 * Register each kind with one line in {@link ProbeKinds}.
 */
public interface ProbeKind {
    /** The YAML name: {@code http}, {@code tls}, ... */
    String name();

    /** One line for docs and {@code deploycheck list}. */
    String summary();

    /** Parameter keys this kind accepts (anything else is an "unknown key" error with a suggestion). */
    Set<String> keys();

    /** Root fact names its observations carry, for validating expectation paths ({@code status}, {@code header}). */
    Set<String> facts();

    /** Reads the parameters. Called once to validate (references unexpanded) and once per run (expanded). */
    Probe create(Params params);

    /**
     * At most so many of this kind's items at once in a process (a kind whose runs are heavy: a browser), or null
     * for no limit. The runner waits for a permit before an item's timeout starts, so the wait never fails an item.
     */
    default Limit limit(Env env) {
        return null;
    }

    /** Permits for a kind's items, and what one is, for the evidence: {@code a browser (1 at a time: ...)}. */
    record Limit(java.util.concurrent.Semaphore permits, String what) {}
}
