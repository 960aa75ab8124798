package dev.deploycheck.cli;

import dev.deploycheck.checklist.Checklist;
import dev.deploycheck.checklist.Durations;
import dev.deploycheck.checklist.Item;
import dev.deploycheck.run.Engine;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code deploycheck list}: the items after profile resolution, with kind, severity and what skips them. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the checklist's items as the profile resolves them.")
public final class ListCommand implements Callable<Integer>, CliAware {
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
        int w = c.items().stream().mapToInt(i -> i.id().length()).max().orElse(10);
        String section = null;
        for (Item i : c.items()) {
            if (!i.section().equals(section)) {
                section = i.section();
                cli.out().println((section.equals(c.items().get(0).section()) ? "" : "\n") + section);
            }
            String extra = (i.needs().isEmpty() ? "" : "  needs " + String.join(",", i.needs()))
                    + (i.tags().isEmpty() ? "" : "  tags " + String.join(",", i.tags()))
                    + (i.skipReason() == null ? "" : "  SKIP: " + i.skipReason());
            cli.out().printf("  %-" + w + "s  %-14s %-8s %6s  %s%s%n", i.id(), i.kind(), i.severity().label(),
                    Durations.format(i.timeout()), i.title(), extra);
        }
        cli.out().println("\n" + c.items().size() + " items · profile " + c.profile().name());
        offline.printNeeds(cli);
        return 0;
    }
}
