package dev.deploycheck.cli;

import dev.deploycheck.checklist.Checklist;
import dev.deploycheck.checklist.Durations;
import dev.deploycheck.run.BakeWindow;
import dev.deploycheck.run.Engine;
import dev.deploycheck.run.ExitCodes;
import dev.deploycheck.run.RunOptions;
import dev.deploycheck.run.RunResult;
import dev.deploycheck.run.Verdict;
import dev.deploycheck.run.Watch;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code deploycheck watch --env prod --for 10m --every 30s}: the post-deployment bake window. The selected items
 * run every interval; the window fails as soon as an item passes a limit, and {@code --rollback-on-failure} rolls
 * back then, not at the window's end. Ctrl-C ends it cleanly with a partial report.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Bake window after a deploy: run the selected items every interval for a duration; fail as soon "
                + "as an item fails in more rounds than --failure-limit, or cannot run in more than "
                + "--consecutive-error-limit rounds in a row (Argo Rollouts' analysis semantics, per item).",
                "Exit codes as verify: 0 the window passed, 1 it failed, 3 interrupted or could not run, "
                        + "4 failed and rolled back, 5 rollback failed."})
public final class WatchCommand implements Callable<Integer>, CliAware {
    @Mixin
    TargetOptions target;

    @Mixin
    Outputs outputs;

    @Mixin
    RollbackOnFailure rollback;

    @Option(names = "--for", required = true, paramLabel = "DURATION", description = "How long the window lasts, e.g. 10m.")
    String window;

    @Option(names = "--every", defaultValue = "30s", paramLabel = "DURATION",
            description = "Interval between rounds' starts (default: ${DEFAULT-VALUE}).")
    String every;

    @Option(names = "--failure-limit", defaultValue = "0", paramLabel = "N",
            description = "Rounds an item may fail before the window fails (default: ${DEFAULT-VALUE}: the first failure fails it).")
    int failureLimit;

    @Option(names = "--consecutive-error-limit", defaultValue = "4", paramLabel = "N",
            description = "Rounds in a row an item may be unable to run (ERROR) before the window fails (default: ${DEFAULT-VALUE}).")
    int errorLimit;

    @Mixin
    RunSelection selection;

    private Cli cli;

    @Override
    public void cli(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
        outputs.validate();
        Duration length = VerifyCommand.duration("--for", window);
        Duration interval = VerifyCommand.duration("--every", every);
        if (interval.isZero() || length.isZero()) {
            throw new UsageException("--for and --every must be above 0 (got --for " + window + " --every " + every + ")");
        }
        if (interval.compareTo(length) > 0) {
            throw new UsageException("--every " + every + " is longer than --for " + window + ": the window would be one round");
        }
        if (failureLimit < 0 || errorLimit < 0) {
            throw new UsageException("--failure-limit and --consecutive-error-limit must be at least 0");
        }
        RunOptions options = selection.options(Duration.ZERO);
        Engine engine = new Engine(cli.env());
        Checklist checklist = engine.load(target.target());
        Selection.check(checklist, options);
        BakeWindow bake = new BakeWindow(engine, checklist, options,
                new BakeWindow.Options(length, interval, failureLimit, errorLimit));

        // Ctrl-C or a signal: no new round; the report of what ran is written; the process exits with its code
        CountDownLatch written = new CountDownLatch(1);
        AtomicInteger code = new AtomicInteger(ExitCodes.COULD_NOT_RUN);
        Thread hook = new Thread(() -> {
            bake.stop();
            try {
                written.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(code.get());
        }, "deploycheck-watch-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Instant start = Instant.now();
            RunResult result = bake.run((round, planned, standing) -> progress(round, planned, standing, start));
            outputs.write(result, cli);
            int exit = rollback.apply(result, checklist, engine, target.target(), cli,
                    outputs.stdoutIsConsole() ? cli.out() : cli.err());
            code.set(exit);
            return exit;
        } finally {
            written.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook ends the process with the code set above
            }
        }
    }

    /** One line per round on stderr (rewritten in place on a terminal). */
    private void progress(Watch.Round round, int planned, String standing, Instant start) {
        long passed = round.samples().stream().filter(s -> s.verdict() == Verdict.PASS).count();
        long failed = round.samples().stream().filter(s -> s.verdict() == Verdict.FAIL).count();
        long errors = round.samples().stream().filter(s -> s.verdict() == Verdict.ERROR).count();
        String line = "round " + round.number() + "/" + planned + " at +"
                + Durations.format(Duration.between(start, round.startedAt())) + ": " + passed + " passed, " + failed
                + " failed, " + errors + " errors (" + Durations.format(round.duration()) + ") · " + standing;
        if (cli.terminal()) {
            cli.err().print("\r\033[2K" + line + (round.number() == planned || standing.startsWith("FAILED") ? "\n" : ""));
        } else {
            cli.err().println(line);
        }
        cli.err().flush();
    }
}
