package dev.deploycheck.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Wall-clock phase timings for benchmarks (bench/), printed on stderr at exit when {@code DEPLOYCHECK_TIMINGS} is
 * set: {@code jvm} (process start to {@code main}), then one entry per {@link #mark} (cli, load, run, report).
 * When the variable holds a number it is taken as the process's start in epoch nanoseconds (a script's
 * {@code $(date +%s%N)} just before it starts java); otherwise the OS's process start time is used (10 ms ticks).
 * Off by default: nothing is recorded or printed, and stdout is never touched.
 */
final class Timings {
    private static final String VAR = "DEPLOYCHECK_TIMINGS";
    private static long last;
    private static List<String> phases;

    private Timings() {}

    /** Called first thing in {@code main}. */
    static void start(Map<String, String> env) {
        String v = env.get(VAR);
        if (v == null || v.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        long t0;
        try {
            t0 = Long.parseLong(v.trim()) / 1_000_000L;
        } catch (NumberFormatException e) {
            t0 = ProcessHandle.current().info().startInstant().map(java.time.Instant::toEpochMilli).orElse(now);
        }
        phases = new ArrayList<>();
        phases.add("jvm=" + (now - t0) + "ms");
        last = System.nanoTime();
    }

    /** Ends a phase named {@code name} (the time since the previous mark). */
    static synchronized void mark(String name) {
        if (phases == null) {
            return;
        }
        long now = System.nanoTime();
        phases.add(name + "=" + (now - last) / 1_000_000L + "ms");
        last = now;
    }

    static synchronized void print(PrintStream err) {
        if (phases != null) {
            err.println("deploycheck timings: " + String.join(" ", phases));
            err.flush();
        }
    }
}
