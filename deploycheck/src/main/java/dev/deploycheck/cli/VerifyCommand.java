package dev.deploycheck.cli;

import dev.deploycheck.checklist.Checklist;
import dev.deploycheck.checklist.Durations;
import dev.deploycheck.run.Engine;
import dev.deploycheck.run.RunListener;
import dev.deploycheck.run.RunOptions;
import dev.deploycheck.run.RunResult;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code deploycheck verify}: run the checklist against a profile and exit with a code a pipeline gates on. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Run every checklist item against the profile's targets; print pass/fail with evidence.")
public final class VerifyCommand implements Callable<Integer>, CliAware {
    @Mixin
    TargetOptions target;

    @Mixin
    Outputs outputs;

    @Mixin
    SignOptions sign;

    @Mixin
    RollbackOnFailure rollback;

    @Option(names = "--concurrency", defaultValue = "32", paramLabel = "N", description = "Items run at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--deadline", defaultValue = "5m", paramLabel = "DURATION",
            description = "Global deadline for the whole run (default: ${DEFAULT-VALUE}); exit 3 when exceeded.")
    String deadline;

    @Option(names = "--wait", defaultValue = "0s", paramLabel = "DURATION",
            description = "Retry failing items until they pass or this much time has passed (\"until healthy\").")
    String waitFor;

    @Option(names = "--only", split = ",", paramLabel = "ID", description = "Run only these items (and what they need).")
    List<String> only = List.of();

    @Option(names = "--skip", split = ",", paramLabel = "ID|TAG", description = "Skip these items, or items with these tags (and what needs them).")
    List<String> skip = List.of();

    @Option(names = "--tag", split = ",", paramLabel = "TAG", description = "Run only items with one of these tags.")
    List<String> tags = List.of();

    private Cli cli;

    @Override
    public void cli(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
        Timings.mark("cli");
        outputs.validate();
        sign.validate();
        if (concurrency < 1) {
            throw new UsageException("--concurrency must be at least 1 (got " + concurrency + ")");
        }
        RunOptions options = new RunOptions(concurrency, duration("--deadline", deadline), duration("--wait", waitFor),
                new HashSet<>(only), new HashSet<>(skip), new HashSet<>(tags));
        Engine engine = new Engine(cli.env());
        Checklist checklist = engine.load(target.target());
        Timings.mark("load");
        Selection.check(checklist, options);
        Progress progress = cli.terminal() ? new Progress(cli.err(), checklist.items().size()) : null;
        RunResult result = engine.run(checklist, options, progress == null ? RunListener.NONE : progress);
        if (progress != null) {
            progress.clear();
        }
        Timings.mark("run");
        outputs.write(result, cli);
        sign.write(result, cli);
        Timings.mark("report");
        return rollback.apply(result, checklist, engine, target.target(), cli, outputs.stdoutIsConsole() ? cli.out() : cli.err());
    }

    static Duration duration(String option, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }
}
