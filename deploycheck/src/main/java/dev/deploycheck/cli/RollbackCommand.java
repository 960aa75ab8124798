package dev.deploycheck.cli;

import dev.deploycheck.checklist.Checklist;
import dev.deploycheck.rollback.RollbackOutcome;
import dev.deploycheck.rollback.RollbackPlan;
import dev.deploycheck.rollback.RollbackReport;
import dev.deploycheck.rollback.RollbackRequest;
import dev.deploycheck.rollback.RollbackService;
import dev.deploycheck.run.Engine;
import dev.deploycheck.run.ExitCodes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code deploycheck rollback}: run the profile's rollback action, record it, and confirm health with the smoke items. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Run the profile's rollback action (with its timeout, under a lock), append who/when/why/result to the"
                + " audit log, then re-run the smoke items and report whether the deployment is healthy again.",
                "Exit codes: 0 healthy again, 2 invalid usage or not confirmed, 5 the rollback failed, is already running"
                        + " elsewhere, or the deployment is still unhealthy."})
public final class RollbackCommand implements Callable<Integer>, CliAware {
    @Mixin
    TargetOptions target;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why (recorded in the audit log).")
    String reason;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation (required when not on a terminal).")
    boolean yes;

    @Option(names = "--dry-run", description = "Show what would run, the lock and the smoke items; change nothing.")
    boolean dryRun;

    @Option(names = "--audit-log", paramLabel = "FILE",
            description = "Audit log (JSON lines; default: $DEPLOYCHECK_AUDIT_LOG or .deploycheck/audit.log beside the checklist).")
    Path auditLog;

    @Option(names = "--wait", defaultValue = "2m", paramLabel = "DURATION",
            description = "Retry failing smoke items until they pass or this much time has passed (default: ${DEFAULT-VALUE};"
                    + " a restarted service may need a moment, and a rate-limit window may still be closed).")
    String waitFor;

    private Cli cli;

    @Override
    public void cli(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
        Engine engine = new Engine(cli.env());
        Checklist checklist = engine.load(target.target());
        RollbackService service = new RollbackService(engine, target.target(), cli.env());
        RollbackPlan plan = service.plan(checklist, auditLog);
        if (dryRun) {
            RollbackReport.plan(cli.out(), plan);
            cli.out().println("dry run: nothing was run");
            return ExitCodes.OK;
        }
        if (!yes && !confirmed(plan)) {
            cli.err().println("rollback cancelled: nothing was run");
            return ExitCodes.INVALID;
        }
        RollbackOutcome o = service.execute(plan, new RollbackRequest(reason, "deploycheck rollback", List.of(),
                VerifyCommand.duration("--wait", waitFor)), cli.out());
        RollbackReport.outcome(cli.out(), o, cli.colour());
        return o.healthy() ? ExitCodes.OK : ExitCodes.ROLLBACK_FAILED;
    }

    private boolean confirmed(RollbackPlan plan) throws IOException {
        if (!cli.terminal()) {
            throw new UsageException("rollback changes the '" + plan.env() + "' deployment: confirm with --yes"
                    + " (there is no terminal to ask on), or see what it would do with --dry-run");
        }
        RollbackReport.plan(cli.out(), plan);
        cli.out().print("Roll back '" + plan.env() + "' now? [y/N] ");
        cli.out().flush();
        String answer = cli.in().readLine();
        return answer != null && answer.trim().toLowerCase(java.util.Locale.ROOT).matches("y|yes");
    }
}
