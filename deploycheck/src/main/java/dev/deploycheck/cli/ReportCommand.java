package dev.deploycheck.cli;

import dev.deploycheck.run.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code deploycheck report}: work with saved reports (render one in another format, verify a signed one). */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Render a saved JSON report or verify a signed one.",
        subcommands = {RenderCommand.class, ReportVerifyCommand.class})
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.INVALID;
    }
}
