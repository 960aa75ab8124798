package dev.deploycheck.cli;

import dev.deploycheck.checklist.Checklist;
import dev.deploycheck.run.Engine;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code deploycheck validate}: load and check the checklist and profile without running anything. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check the checklist and profile (keys, probe kinds, expectations, variables, needs) without running.")
public final class ValidateCommand implements Callable<Integer>, CliAware {
    @Mixin
    TargetOptions target;

    @Mixin
    OfflineOptions offline;

    private Cli cli;

    @Override
    public void cli(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
        Checklist c = offline.load(new Engine(cli.env()), target.target());
        cli.out().println("ok: " + c.items().size() + " items in " + c.file() + " with profile " + c.profile().name());
        offline.printNeeds(cli);
        return 0;
    }
}
