package dev.deploycheck.run;

import dev.deploycheck.checklist.Checklist;
import dev.deploycheck.checklist.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the selected items every {@code every} for {@code window} (rounds start on a fixed schedule from the
 * window's start, so a slow round does not shift the others; one that overruns its slot is followed at once by
 * the next) and judges each item's series as Argo Rollouts judges a metric's measurements (see {@link Watch}).
 * The window ends as soon as it fails, so a rollback can start at once; {@link #stop()} ends it early.
 */
public final class BakeWindow {
    /** The window's shape and limits. */
    public record Options(Duration window, Duration every, int failureLimit, int consecutiveErrorLimit) {
        /** Rounds at 0, every, 2 x every, ... while before the window's end: at least one. */
        public int rounds() {
            long n = (window.toMillis() + every.toMillis() - 1) / every.toMillis();
            return (int) Math.max(1, Math.min(Integer.MAX_VALUE, n));
        }
    }

    /** Told after each round (the live progress line). */
    public interface Listener {
        void round(Watch.Round round, int planned, String standing);
    }

    private final Engine engine;
    private final Checklist checklist;
    private final RunOptions runOptions;
    private final Options options;
    private final CountDownLatch stopped = new CountDownLatch(1);

    public BakeWindow(Engine engine, Checklist checklist, RunOptions runOptions, Options options) {
        this.engine = engine;
        this.checklist = checklist;
        this.runOptions = runOptions;
        this.options = options;
    }

    /** Ends the window before its next round (a round under way finishes first); safe from any thread. */
    public void stop() {
        stopped.countDown();
    }

    public RunResult run(Listener listener) throws InterruptedException {
        Instant start = Instant.now();
        int planned = options.rounds();
        List<Watch.Round> rounds = new ArrayList<>();
        Map<String, Integer> failures = new HashMap<>();
        Map<String, Integer> errorsInARow = new HashMap<>();
        RunResult last = null;
        Watch.Outcome outcome = Watch.Outcome.PASSED;
        String reason = planned + " rounds, every " + Durations.format(options.every()) + ", no limit passed";
        for (int n = 1; n <= planned; n++) {
            Instant due = start.plus(options.every().multipliedBy(n - 1));
            long wait = Duration.between(Instant.now(), due).toMillis();
            if (stopped.await(Math.max(0, wait), TimeUnit.MILLISECONDS)) {
                outcome = Watch.Outcome.INTERRUPTED;
                reason = "interrupted after " + rounds.size() + " of " + planned + " rounds";
                break;
            }
            Instant roundStart = Instant.now();
            RunResult r = engine.run(checklist, runOptions, RunListener.NONE);
            last = r;
            List<Watch.Sample> samples = new ArrayList<>();
            String failedNow = null;
            for (ItemResult i : r.items()) {
                samples.add(new Watch.Sample(i.id(), i.verdict(), i.duration().toMillis()));
                boolean failed = i.failsRun() && i.verdict() == Verdict.FAIL;
                boolean error = i.verdict() == Verdict.ERROR;
                int f = failures.merge(i.id(), failed ? 1 : 0, Integer::sum);
                int e = error ? errorsInARow.merge(i.id(), 1, Integer::sum) : 0;
                if (!error) {
                    errorsInARow.put(i.id(), 0);
                }
                if (failedNow == null && f > options.failureLimit()) {
                    failedNow = i.id() + " failed in " + f + (f == 1 ? " round" : " rounds") + " (failure limit "
                            + options.failureLimit() + "): " + i.message();
                } else if (failedNow == null && e > options.consecutiveErrorLimit()) {
                    failedNow = i.id() + " could not run in " + e + " rounds in a row (consecutive error limit "
                            + options.consecutiveErrorLimit() + "): " + i.message();
                }
            }
            Watch.Round round = new Watch.Round(n, roundStart, Duration.between(roundStart, Instant.now()), samples);
            rounds.add(round);
            String standing = failedNow != null ? "FAILED: " + failedNow : standing(failures, errorsInARow);
            listener.round(round, planned, standing);
            if (failedNow != null) {
                outcome = Watch.Outcome.FAILED;
                reason = "round " + n + " of " + planned + ": " + failedNow;
                break;
            }
            if (stopped.getCount() == 0) {
                outcome = Watch.Outcome.INTERRUPTED;
                reason = "interrupted after " + rounds.size() + " of " + planned + " rounds";
                break;
            }
        }
        Watch watch = new Watch(options.window(), options.every(), options.failureLimit(),
                options.consecutiveErrorLimit(), outcome, reason, rounds);
        if (last == null) {
            last = new RunResult(checklist.name(), checklist.file(), checklist.profile().name(),
                    checklist.profile().file(), start, Duration.ZERO, List.of(), false, Version.text());
        }
        return last.withWatch(watch, start, Duration.between(start, Instant.now()));
    }

    private String standing(Map<String, Integer> failures, Map<String, Integer> errorsInARow) {
        int failing = (int) failures.values().stream().filter(v -> v > 0).count();
        int erroring = (int) errorsInARow.values().stream().filter(v -> v > 0).count();
        return failing == 0 && erroring == 0 ? "no failures"
                : failing + " item(s) with failures (limit " + options.failureLimit() + "), " + erroring
                        + " erroring (limit " + options.consecutiveErrorLimit() + " in a row)";
    }
}
