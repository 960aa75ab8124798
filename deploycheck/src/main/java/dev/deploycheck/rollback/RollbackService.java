package dev.deploycheck.rollback;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploycheck.checklist.Checklist;
import dev.deploycheck.checklist.Durations;
import dev.deploycheck.checklist.Item;
import dev.deploycheck.checklist.LoadException;
import dev.deploycheck.checklist.Rollback;
import dev.deploycheck.run.Engine;
import dev.deploycheck.run.ExitCodes;
import dev.deploycheck.run.ItemResult;
import dev.deploycheck.run.RunListener;
import dev.deploycheck.run.RunOptions;
import dev.deploycheck.run.RunResult;
import dev.deploycheck.run.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rolls a deployment back: takes the environment's lock, runs the profile's rollback action with its timeout,
 * re-runs the smoke items against the reloaded checklist (the action may have switched the env file the profile
 * reads), appends one line to the audit log, and says whether the deployment is healthy again.
 */
public final class RollbackService {
    /** Default audit log, relative to the checklist's directory. */
    public static final String DEFAULT_AUDIT_LOG = ".deploycheck/audit.log";
    /** Overrides the audit log's location when no option names one. */
    public static final String AUDIT_LOG_ENV = "DEPLOYCHECK_AUDIT_LOG";

    private final Engine engine;
    private final Engine.Target target;
    private final Map<String, String> env;
    private final Clock clock;

    public RollbackService(Engine engine, Engine.Target target, Map<String, String> env) {
        this(engine, target, env, Clock.systemUTC());
    }

    RollbackService(Engine engine, Engine.Target target, Map<String, String> env, Clock clock) {
        this.engine = engine;
        this.target = target;
        this.env = Map.copyOf(env);
        this.clock = clock;
    }

    /** The plan for a loaded checklist; {@code auditLog} overrides the default location when not null. */
    public RollbackPlan plan(Checklist checklist, Path auditLog) {
        String name = checklist.profile().name();
        Rollback action = checklist.profile().rollback().orElseThrow(() -> new RollbackException(ExitCodes.INVALID,
                "profile '" + name + "' (" + checklist.profile().file() + ") names no rollback action; add"
                        + " rollback: {command: ./scripts/deploy-production.sh rollback, timeout: 5m}"));
        if (action.command().isBlank()) {
            throw new RollbackException(ExitCodes.INVALID, "profile '" + name + "': rollback.command is empty");
        }
        Path base = checklist.baseDir();
        Path audit = auditLog != null ? auditLog
                : env.containsKey(AUDIT_LOG_ENV) && !env.get(AUDIT_LOG_ENV).isBlank() ? Path.of(env.get(AUDIT_LOG_ENV))
                : Path.of(DEFAULT_AUDIT_LOG);
        Set<String> tags = Set.copyOf(action.smokeTags());
        List<String> smoke = checklist.items().stream().filter(i -> i.tags().stream().anyMatch(tags::contains))
                .map(Item::id).toList();
        return new RollbackPlan(name, action, base, base.resolve(".deploycheck").resolve("rollback-" + name + ".lock"),
                base.resolve(audit).normalize(), smoke);
    }

    /** Runs the plan; progress and the action's output go to {@code progress}. */
    public RollbackOutcome execute(RollbackPlan plan, RollbackRequest request, PrintWriter progress)
            throws IOException, InterruptedException {
        Operator me = Operator.current(env);
        Instant started = clock.instant();
        try (RollbackLock ignored = RollbackLock.acquire(plan.lockFile(), me, plan.env(), started, progress::println)) {
            Rollback action = plan.action();
            progress.println("rollback: running " + engine.redactor().mask(action.command()) + " (timeout "
                    + Durations.format(action.timeout()) + ") in " + plan.workDir());
            progress.flush();
            Map<String, String> actionEnv = new HashMap<>(env);
            actionEnv.put("DEPLOYCHECK_ENV", plan.env());
            actionEnv.put("DEPLOYCHECK_ROLLBACK_REASON", request.reason() == null ? "" : request.reason());
            ActionRun.Result r = ActionRun.run(action.command(), plan.workDir(), actionEnv, action.timeout(), line -> {
                progress.println("  | " + engine.redactor().mask(line));
                progress.flush();
            });
            RollbackOutcome outcome = r.timedOut() || r.exitCode().orElse(-1) != 0 ? failed(r, action) : smoke(plan, request, r);
            AuditLog.append(plan.auditLog(), entry(plan, request, me, started, outcome));
            return outcome;
        }
    }

    private static RollbackOutcome failed(ActionRun.Result r, Rollback action) {
        String why = r.timedOut() ? "did not finish within " + Durations.format(action.timeout()) + " and was killed"
                : "exited with " + r.exitCode().orElseThrow();
        return new RollbackOutcome(r.exitCode(), r.duration(), r.timedOut(), Optional.empty(), List.of(), false,
                "the rollback command " + why + "; smoke items not run");
    }

    private RollbackOutcome smoke(RollbackPlan plan, RollbackRequest request, ActionRun.Result r) {
        Checklist reloaded;
        try {
            reloaded = engine.load(target);
        } catch (LoadException e) {
            return new RollbackOutcome(r.exitCode(), r.duration(), false, Optional.empty(), List.of(), false,
                    "rolled back, but the checklist no longer loads, so health is unknown: "
                            + e.render().lines().findFirst().orElse(""));
        }
        RunOptions options = new RunOptions(RunOptions.DEFAULT_CONCURRENCY, Duration.ofMinutes(5), request.smokeWait(),
                Set.of(), Set.of(), Set.copyOf(plan.action().smokeTags()));
        RunResult smoke = engine.run(reloaded, options, RunListener.NONE);
        List<String> bad = smoke.items().stream().filter(ItemResult::failsRun).map(ItemResult::id).toList();
        long passed = smoke.items().stream().filter(i -> i.verdict() == Verdict.PASS).count();
        boolean healthy = smoke.passed() && passed > 0;
        String summary = healthy ? "healthy again: " + passed + " smoke item" + (passed == 1 ? "" : "s") + " passed"
                : passed == 0 && bad.isEmpty() ? "health not confirmed: no item tagged " + plan.action().smokeTags() + " passed"
                : "still unhealthy: " + String.join(", ", bad) + " failing";
        return new RollbackOutcome(r.exitCode(), r.duration(), false, Optional.of(smoke), bad, healthy, summary);
    }

    private ObjectNode entry(RollbackPlan plan, RollbackRequest request, Operator me, Instant started, RollbackOutcome o) {
        ObjectNode e = AuditLog.JSON.createObjectNode();
        e.put("time", started.toString());
        e.put("user", me.user());
        e.put("host", me.host());
        e.put("pid", me.pid());
        e.put("env", plan.env());
        e.put("reason", request.reason() == null ? null : engine.redactor().mask(request.reason()));
        e.put("trigger", request.trigger());
        if (!request.failedItems().isEmpty()) {
            ArrayNode failed = e.putArray("failedItems");
            request.failedItems().forEach(failed::add);
        }
        e.put("command", engine.redactor().mask(plan.action().command()));
        if (o.actionExitCode().isPresent()) {
            e.put("exitCode", o.actionExitCode().get());
        } else {
            e.putNull("exitCode");
        }
        e.put("timedOut", o.timedOut());
        e.put("durationMs", o.actionDuration().toMillis());
        e.put("healthy", o.healthy());
        e.put("outcome", o.healthy() ? "healthy" : o.actionSucceeded() ? "unhealthy" : "rollback-failed");
        o.smoke().ifPresent(s -> {
            ObjectNode smoke = e.putObject("smoke");
            smoke.put("passed", s.items().stream().filter(i -> i.verdict() == Verdict.PASS).count());
            ArrayNode failing = smoke.putArray("failing");
            o.unhealthyItems().forEach(failing::add);
        });
        e.put("summary", o.summary());
        return e;
    }
}
