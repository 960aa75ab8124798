package dev.deploycheck.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code deploycheck completion}: picocli's bash (and zsh, via bashcompinit) completion script for every command. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a completion script for bash and zsh: commands, options and their values.",
                "Load it with: source <(deploycheck completion)",
                "or install it: deploycheck completion > /etc/bash_completion.d/deploycheck"})
public final class CompletionCommand implements Callable<Integer>, CliAware {
    @Spec
    CommandSpec spec;

    private Cli cli;

    @Override
    public void cli(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        cli.out().print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
        cli.out().flush();
        return 0;
    }
}
