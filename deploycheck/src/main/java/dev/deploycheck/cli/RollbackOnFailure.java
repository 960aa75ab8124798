package dev.deploycheck.cli;

import dev.deploycheck.checklist.Checklist;
import dev.deploycheck.rollback.RollbackException;
import dev.deploycheck.rollback.RollbackOutcome;
import dev.deploycheck.rollback.RollbackPlan;
import dev.deploycheck.rollback.RollbackReport;
import dev.deploycheck.rollback.RollbackRequest;
import dev.deploycheck.rollback.RollbackService;
import dev.deploycheck.run.Engine;
import dev.deploycheck.run.ExitCodes;
import dev.deploycheck.run.ItemResult;
import dev.deploycheck.run.RunResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code verify --rollback-on-failure}: when a critical item fails, run the profile's rollback (no prompt: the
 * option is the consent) and exit 4 when the smoke items pass afterwards, 5 otherwise.
 */
public final class RollbackOnFailure {
    @Option(names = "--rollback-on-failure",
            description = "When a critical item fails, run the profile's rollback and re-run the smoke items: exit 4 when"
                    + " healthy again, 5 when the rollback failed or the deployment is still unhealthy.")
    boolean enabled;

    // accepted so pipelines can pass the same flags as to `rollback`; --rollback-on-failure never asks
    @Option(names = {"-y", "--yes"}, hidden = true)
    boolean yes;

    @Option(names = "--reason", paramLabel = "TEXT", description = "With --rollback-on-failure: why (for the audit log).")
    String reason;

    @Option(names = "--audit-log", paramLabel = "FILE",
            description = "With --rollback-on-failure: the audit log (default: $DEPLOYCHECK_AUDIT_LOG or .deploycheck/audit.log).")
    Path auditLog;

    @Option(names = "--rollback-wait", defaultValue = "2m", paramLabel = "DURATION",
            description = "With --rollback-on-failure: retry failing smoke items after the rollback until they pass or"
                    + " this much time has passed (default: ${DEFAULT-VALUE}).")
    String smokeWait;

    /** The run's exit code, or 4/5 after a rollback when the run failed and the option is on. */
    int apply(RunResult result, Checklist checklist, Engine engine, Engine.Target target, Cli cli, PrintWriter out)
            throws Exception {
        if (!enabled || result.exitCode() != ExitCodes.FAILED) {
            return result.exitCode();
        }
        RollbackService service = new RollbackService(engine, target, cli.env());
        RollbackPlan plan;
        try {
            plan = service.plan(checklist, auditLog);
        } catch (RollbackException e) {
            // the checklist already ran and failed: not a usage error any more, a rollback that could not happen
            throw new RollbackException(ExitCodes.ROLLBACK_FAILED, "cannot roll back: " + e.getMessage());
        }
        List<String> failed = result.items().stream().filter(ItemResult::failsRun).map(ItemResult::id).toList();
        out.println();
        out.println("critical items failed (" + String.join(", ", failed) + "): rolling back '" + plan.env() + "'");
        String why = reason != null ? reason : "verify --rollback-on-failure: " + String.join(", ", failed) + " failed";
        RollbackOutcome o = service.execute(plan, new RollbackRequest(why, "verify --rollback-on-failure", failed,
                VerifyCommand.duration("--rollback-wait", smokeWait)), out);
        RollbackReport.outcome(out, o, cli.colour() && out == cli.out());
        return o.healthy() ? ExitCodes.ROLLED_BACK : ExitCodes.ROLLBACK_FAILED;
    }
}
