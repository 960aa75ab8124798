package dev.deploycheck.cli;

import dev.deploycheck.checklist.Checklist;
import dev.deploycheck.checklist.Durations;
import dev.deploycheck.run.Engine;
import dev.deploycheck.run.RunListener;
import dev.deploycheck.run.RunOptions;
import dev.deploycheck.run.RunResult;
import java.time.Duration;
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

    @Mixin
    RunSelection selection;

    @Option(names = "--wait", defaultValue = "0s", paramLabel = "DURATION",
            description = "Retry failing items until they pass or this much time has passed (\"until healthy\").")
    String waitFor;

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
        RunOptions options = selection.options(duration("--wait", waitFor));
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
