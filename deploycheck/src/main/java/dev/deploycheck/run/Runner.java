package dev.deploycheck.run;

import dev.deploycheck.checklist.Checklist;
import dev.deploycheck.checklist.Durations;
import dev.deploycheck.checklist.Item;
import dev.deploycheck.checklist.Params;
import dev.deploycheck.checklist.Problem;
import dev.deploycheck.checklist.Redactor;
import dev.deploycheck.checklist.Variables;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.Probe;
import dev.deploycheck.probe.ProbeContext;
import dev.deploycheck.probe.ProbeKind;
import dev.deploycheck.probe.ProbeKinds;
import dev.deploycheck.probe.Shown;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Run stage: executes the selected items on a bounded pool, each after the items it needs, each attempt bounded
 * by its timeout and the run's global deadline, and returns results in checklist order.
 */
public final class Runner {
    private final Checklist checklist;
    private final Variables variables;
    private final RunOptions options;
    private final RunListener listener;
    private final Redactor redactor;
    private final Map<String, Item> byId = new LinkedHashMap<>();
    private final Map<String, CompletableFuture<ItemResult>> futures = new LinkedHashMap<>();
    private final AtomicBoolean deadlineHit = new AtomicBoolean();
    private final Set<String> selected = new HashSet<>();
    private Instant runDeadline;
    private Instant waitUntil;

    public Runner(Checklist checklist, Variables variables, RunOptions options, RunListener listener) {
        this.checklist = checklist;
        this.variables = variables;
        this.options = options;
        this.listener = listener;
        this.redactor = variables.redactor();
        checklist.items().forEach(i -> byId.put(i.id(), i));
    }

    public RunResult run() {
        Instant start = Instant.now();
        runDeadline = start.plus(options.deadline());
        waitUntil = start.plus(options.waitFor());
        List<Item> selectedItems = select();
        selectedItems.forEach(i -> selected.add(i.id()));
        ExecutorService workers = Executors.newFixedThreadPool(options.concurrency(), daemon("deploycheck-worker"));
        ExecutorService probes = Executors.newCachedThreadPool(daemon("deploycheck-probe"));
        try {
            for (Item item : selectedItems) {
                schedule(item, workers, probes);
            }
            List<ItemResult> results = new ArrayList<>();
            for (Item item : selectedItems) {
                results.add(await(item, start));
            }
            return new RunResult(checklist.name(), checklist.file(), checklist.profile().name(), checklist.profile().file(),
                    start, Duration.between(start, Instant.now()), results, deadlineHit.get(), Version.text());
        } finally {
            workers.shutdownNow();
            probes.shutdownNow();
        }
    }

    /** Items chosen by --only/--tag plus everything they need; all items when no filter is given. */
    private List<Item> select() {
        if (options.only().isEmpty() && options.tags().isEmpty()) {
            return checklist.items();
        }
        Set<String> keep = new HashSet<>();
        List<String> stack = new ArrayList<>();
        for (Item i : checklist.items()) {
            if (options.picks(i)) {
                stack.add(i.id());
            }
        }
        while (!stack.isEmpty()) {
            String id = stack.remove(stack.size() - 1);
            if (keep.add(id) && byId.containsKey(id)) {
                stack.addAll(byId.get(id).needs());
            }
        }
        return checklist.items().stream().filter(i -> keep.contains(i.id())).toList();
    }

    private CompletableFuture<ItemResult> schedule(Item item, ExecutorService workers, ExecutorService probes) {
        CompletableFuture<ItemResult> existing = futures.get(item.id());
        if (existing != null) {
            return existing;
        }
        List<CompletableFuture<ItemResult>> deps = new ArrayList<>();
        for (String need : item.needs()) {
            deps.add(schedule(byId.get(need), workers, probes));
        }
        List<CompletableFuture<ItemResult>> order = new ArrayList<>(deps);
        for (String before : item.after()) {
            if (selected.contains(before)) {
                order.add(schedule(byId.get(before), workers, probes));
            }
        }
        CompletableFuture<ItemResult> f = CompletableFuture.allOf(order.toArray(CompletableFuture[]::new))
                .thenApplyAsync(x -> execute(item, deps.stream().map(CompletableFuture::join).toList(), probes), workers);
        futures.put(item.id(), f);
        return f;
    }

    private ItemResult await(Item item, Instant start) {
        long grace = Duration.between(Instant.now(), runDeadline).toMillis() + 2000;
        try {
            return futures.get(item.id()).get(Math.max(grace, 1), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            deadlineHit.set(true);
            return result(item, Verdict.ERROR, "global deadline (" + Durations.format(options.deadline()) + ") exceeded",
                    new Observation(), List.of(), Map.of(), start, 0);
        } catch (Exception e) {
            return result(item, Verdict.ERROR, "internal error: " + Failures.describe(e), new Observation(), List.of(),
                    Map.of(), start, 0);
        }
    }

    private ItemResult execute(Item item, List<ItemResult> deps, ExecutorService probes) {
        Instant started = Instant.now();
        if (item.skipReason() != null) {
            return done(result(item, Verdict.SKIP, item.skipReason(), new Observation(), List.of(), Map.of(), started, 0));
        }
        if (options.skips(item)) {
            return done(result(item, Verdict.SKIP, "skipped by --skip", new Observation(), List.of(), Map.of(), started, 0));
        }
        for (ItemResult d : deps) {
            if (d.verdict() != Verdict.PASS) {
                return done(result(item, Verdict.SKIP, "needs '" + d.id() + "', which is " + d.verdict(), new Observation(),
                        List.of(), Map.of(), started, 0));
            }
        }
        listener.started(item);
        if (!Instant.now().isBefore(runDeadline)) {
            deadlineHit.set(true);
            return done(result(item, Verdict.ERROR, "not started: global deadline (" + Durations.format(options.deadline())
                    + ") exceeded", new Observation(), List.of(), Map.of(), started, 0));
        }
        AtomicInteger attempts = new AtomicInteger();
        ItemResult last;
        while (true) {
            attempts.incrementAndGet();
            last = attempt(item, probes, started, attempts.get());
            if (last.verdict() == Verdict.PASS || last.verdict() == Verdict.SKIP) {
                break;
            }
            Duration interval = item.retry().interval().isZero() ? Duration.ofSeconds(1) : item.retry().interval();
            boolean moreAttempts = attempts.get() < item.retry().attempts();
            boolean waiting = Instant.now().plus(interval).isBefore(waitUntil);
            if (!(moreAttempts || waiting) || Instant.now().plus(interval).isAfter(runDeadline)) {
                break;
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return done(last);
    }

    private ItemResult done(ItemResult r) {
        listener.finished(r);
        return r;
    }

    private static final Duration BACKSTOP_GRACE = Duration.ofMillis(200);

    private ItemResult attempt(Item item, ExecutorService probes, Instant started, int attempt) {
        ProbeKind kind = ProbeKinds.find(item.kind()).orElseThrow();
        Params params = item.params().resolved(variables);
        Probe probe = kind.create(params);
        if (!params.problems().isEmpty()) {
            Problem p = params.problems().all().get(0);
            return result(item, Verdict.ERROR, p.pos() + ": " + p.message(), new Observation(), List.of(), Map.of(),
                    started, attempt);
        }
        ProbeKind.Limit limit = kind.limit(checklist.env());
        if (limit == null) {
            return attempt(item, probe, probes, started, attempt, null);
        }
        Instant asked = Instant.now();
        try {
            if (!limit.permits().tryAcquire(Math.max(0, Duration.between(asked, runDeadline).toMillis()),
                    TimeUnit.MILLISECONDS)) {
                deadlineHit.set(true);
                return result(item, Verdict.ERROR, "global deadline (" + Durations.format(options.deadline())
                        + ") exceeded waiting for " + limit.what(), new Observation(), List.of(), Map.of(), started, attempt);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return result(item, Verdict.ERROR, "interrupted", new Observation(), List.of(), Map.of(), started, attempt);
        }
        try {
            Duration waited = Duration.between(asked, Instant.now());
            return attempt(item, probe, probes, started, attempt, waited.toMillis() < 100 ? null
                    : "waited " + Durations.format(waited) + " for " + limit.what() + " (not part of the timeout)");
        } finally {
            limit.permits().release();
        }
    }

    /** {@code waitNote}: evidence of the wait for the kind's limit, or null. */
    private ItemResult attempt(Item item, Probe probe, ExecutorService probes, Instant started, int attempt,
            String waitNote) {
        Instant attemptDeadline = min(Instant.now().plus(item.timeout()), runDeadline);
        Duration budget = Duration.between(Instant.now(), attemptDeadline);
        ProbeContext ctx = new ProbeContext(item.id(), item.timeout(), attemptDeadline, checklist.baseDir(),
                checklist.env(), redactor);
        Future<Observation> f = probes.submit(() -> probe.run(ctx));
        Observation obs;
        try {
            // probes keep the deadline themselves and say which step ran out; this timer is the backstop for one
            // that does not, so it waits a moment longer and the probe's own words win the race
            obs = f.get(Math.max(budget.toNanos(), 1) + BACKSTOP_GRACE.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            boolean global = !attemptDeadline.isBefore(runDeadline);
            if (global) {
                deadlineHit.set(true);
            }
            String why = global ? "global deadline (" + Durations.format(options.deadline()) + ") exceeded"
                    : "timed out after " + Durations.format(item.timeout());
            return result(item, global ? Verdict.ERROR : failVerdict(item), why, new Observation(), List.of(), Map.of(),
                    started, attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return result(item, Verdict.ERROR, "interrupted", new Observation(), List.of(), Map.of(), started, attempt);
        } catch (Exception e) {
            if (!attemptDeadline.isBefore(runDeadline) && !Instant.now().isBefore(runDeadline)) {
                // The probe gave up because the run's budget ran out, not because of the target.
                deadlineHit.set(true);
                return result(item, Verdict.ERROR, "global deadline (" + Durations.format(options.deadline())
                        + ") exceeded", new Observation(), List.of(), Map.of(), started, attempt);
            }
            Verdict v = Failures.aboutTarget(e) ? failVerdict(item) : Verdict.ERROR;
            return result(item, v, Failures.describe(e), new Observation(), List.of(), Map.of(), started, attempt);
        }
        if (waitNote != null) {
            obs.evidence(waitNote);
        }
        return Evaluation.evaluate(item, obs, variables, redactor, started, attempt, this::result);
    }

    static Verdict failVerdict(Item item) {
        return item.critical() ? Verdict.FAIL : Verdict.WARN;
    }

    ItemResult result(Item item, Verdict verdict, String message, Observation obs,
            List<dev.deploycheck.expect.Outcome> outcomes, Map<String, String> captures, Instant started, int attempts) {
        // masked first (escaping changes the text a secret is found in), then the target's bytes made printable
        List<dev.deploycheck.expect.Outcome> masked = outcomes.stream()
                .map(o -> new dev.deploycheck.expect.Outcome(redactor.mask(o.expectation()), o.passed(),
                        Shown.line(redactor.mask(o.message()))))
                .toList();
        List<Observation.Check> checks = obs.checks().stream()
                .map(c -> new Observation.Check(c.name(), c.passed(), Shown.line(redactor.mask(c.detail())))).toList();
        List<String> evidence = obs.evidence().stream().map(e -> Shown.lines(redactor.mask(e))).toList();
        Map<String, String> caps = new LinkedHashMap<>();
        captures.forEach((k, v) -> caps.put(k, Shown.line(redactor.mask(v))));
        return new ItemResult(item.id(), item.title(), item.section(), item.kind(), item.severity(), verdict,
                Shown.line(redactor.mask(message)), masked, checks, evidence, caps, started, Duration.between(started, Instant.now()),
                attempts, item.pos());
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
