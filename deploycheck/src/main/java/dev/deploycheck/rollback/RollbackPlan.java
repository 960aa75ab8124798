package dev.deploycheck.rollback;

import dev.deploycheck.checklist.Rollback;
import java.nio.file.Path;
import java.util.List;

/**
 * What a rollback of one environment will do: the profile's action run in {@code workDir}, the lock and audit
 * files, and the smoke items (by id) re-run afterwards.
 */
public record RollbackPlan(String env, Rollback action, Path workDir, Path lockFile, Path auditLog, List<String> smokeItems) {
    public RollbackPlan {
        smokeItems = List.copyOf(smokeItems);
    }
}
