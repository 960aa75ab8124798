package dev.deploycheck.cli;

import dev.deploycheck.run.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** {@code deploycheck}: the root command, listing the subcommands. */
@Command(name = "deploycheck", mixinStandardHelpOptions = true, versionProvider = RootCommand.VersionProvider.class,
        description = "Turns a production deployment checklist into executable probes.",
        subcommands = {VerifyCommand.class, WatchCommand.class, ListCommand.class, ValidateCommand.class, ReportCommand.class, KeygenCommand.class,
                RollbackCommand.class, CompletionCommand.class, ManCommand.class},
        footer = {"", "Exit codes: 0 passed, 1 a critical item failed, 2 invalid usage/checklist/profile,",
                "3 could not run (internal error, global deadline), 4 failed and rolled back, 5 rollback failed."})
public final class RootCommand implements java.util.concurrent.Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return dev.deploycheck.run.ExitCodes.INVALID;
    }

    /** Prints the version from the jar manifest. */
    public static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {Version.text()};
        }
    }
}
