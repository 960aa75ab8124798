package dev.deploycheck.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code deploycheck man [COMMAND]}: the manual page, as troff; {@code deploycheck man verify | man -l -}. */
@Command(name = "man", mixinStandardHelpOptions = true,
        description = {"Print the manual page of deploycheck or of one command, in man(7) format.",
                "Read it with: deploycheck man verify | man -l -",
                "or install them: deploycheck man > /usr/local/share/man/man1/deploycheck.1 (and deploycheck-verify.1, ...)"})
public final class ManCommand implements Callable<Integer>, CliAware {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "COMMAND", description = "A command (verify, list, ...); none: deploycheck itself.")
    String command;

    private Cli cli;

    @Override
    public void cli(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        CommandSpec root = spec.root();
        CommandSpec target = root;
        if (command != null) {
            CommandLine sub = root.subcommands().get(command);
            if (sub == null) {
                String hint = dev.deploycheck.checklist.DidYouMean.suggest(command, root.subcommands().keySet())
                        .map(s -> " (did you mean '" + s + "'?)").orElse("");
                throw new UsageException("no command '" + command + "'" + hint + "; commands: "
                        + String.join(", ", root.subcommands().keySet()));
            }
            target = sub.getCommandSpec();
        }
        cli.out().print(ManPage.of(target));
        cli.out().flush();
        return 0;
    }
}
