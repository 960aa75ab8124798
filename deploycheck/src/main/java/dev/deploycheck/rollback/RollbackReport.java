package dev.deploycheck.rollback;

import dev.deploycheck.checklist.Durations;
import dev.deploycheck.report.ConsoleReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;

/** What a person reads: the plan (for --dry-run and before the confirmation) and the outcome with the smoke run. */
public final class RollbackReport {
    private RollbackReport() {}

    public static void plan(PrintWriter out, RollbackPlan plan) {
        out.println("rollback of '" + plan.env() + "':");
        out.println("  run       " + plan.action().command() + "   (timeout " + Durations.format(plan.action().timeout())
                + ", in " + plan.workDir() + ")");
        out.println("  then      re-run " + plan.smokeItems().size() + " smoke item" + (plan.smokeItems().size() == 1 ? "" : "s")
                + " (tags " + String.join(", ", plan.action().smokeTags()) + "): " + String.join(", ", plan.smokeItems()));
        out.println("  lock      " + plan.lockFile() + (Files.exists(plan.lockFile()) ? "   (held now)" : ""));
        out.println("  audit log " + plan.auditLog());
        out.flush();
    }

    public static void outcome(PrintWriter out, RollbackOutcome o, boolean colour) throws IOException {
        if (o.smoke().isPresent()) {
            out.println();
            out.println("smoke items after the rollback:");
            new ConsoleReport(colour).write(o.smoke().get(), out);
        }
        out.println("rollback: " + o.summary() + " (rollback command "
                + (o.timedOut() ? "killed at its timeout" : "exit " + o.actionExitCode().orElse(-1)) + " in "
                + Durations.format(o.actionDuration()) + ")");
        out.flush();
    }
}
