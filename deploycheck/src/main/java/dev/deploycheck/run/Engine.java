package dev.deploycheck.run;

import dev.deploycheck.checklist.Checklist;
import dev.deploycheck.checklist.ChecklistLoader;
import dev.deploycheck.checklist.LoadException;
import dev.deploycheck.checklist.Redactor;
import dev.deploycheck.checklist.RunTimeInputs;
import dev.deploycheck.checklist.Variables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The engine the commands call: find and load a checklist with its profile, and run it. */
public final class Engine {
    /** Where the checklist and profile are: explicit files, or {@code checklist.yaml} and {@code profiles/<env>.yaml}. */
    public record Target(Path checklist, Path profile, String env) {}

    private final Map<String, String> processEnv;
    private final Redactor redactor = new Redactor();

    public Engine(Map<String, String> processEnv) {
        this.processEnv = Map.copyOf(processEnv);
    }

    public Redactor redactor() {
        return redactor;
    }

    public Checklist load(Target target) throws LoadException {
        return load(target, RunTimeInputs.required());
    }

    /** As {@link #load(Target)}; {@code inputs} says whether inputs that exist only at run time may be missing. */
    public Checklist load(Target target, RunTimeInputs inputs) throws LoadException {
        Path checklist = target.checklist() != null ? target.checklist() : findChecklist();
        Path profile = target.profile() != null ? target.profile()
                : baseDir(checklist).resolve("profiles").resolve(target.env() + ".yaml");
        return ChecklistLoader.load(checklist, profile, processEnv, redactor, inputs);
    }

    /**
     * Runs the checklist; with a profile's {@code targets:}, once per (selected) target, {@code targetConcurrency}
     * at a time in this one process, each with the profile's variables overlaid by the target's, into one result
     * whose items carry their target (its worst verdict is the exit code).
     */
    public RunResult run(Checklist checklist, RunOptions options, RunListener listener) {
        List<dev.deploycheck.checklist.Target> targets = checklist.profile().targets().stream()
                .filter(t -> options.targets().isEmpty() || options.targets().contains(t.name())).toList();
        if (targets.isEmpty()) {
            Variables variables = new Variables(checklist.profile().vars(), checklist.env(), redactor);
            return new Runner(checklist, variables, options, listener).run();
        }
        Instant start = Instant.now();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.targetConcurrency(), targets.size()), r -> {
            Thread t = new Thread(r, "deploycheck-target");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<RunResult>> runs = new ArrayList<>();
            for (dev.deploycheck.checklist.Target t : targets) {
                Map<String, String> vars = new HashMap<>(checklist.profile().vars());
                vars.putAll(t.vars());
                runs.add(pool.submit(() -> new Runner(checklist, new Variables(vars, checklist.env(), redactor), options,
                        listener).run()));
            }
            List<ItemResult> items = new ArrayList<>();
            boolean deadline = false;
            for (int i = 0; i < targets.size(); i++) {
                RunResult r = runs.get(i).get();
                deadline |= r.deadlineExceeded();
                String name = targets.get(i).name();
                r.items().forEach(item -> items.add(item.inTarget(name)));
            }
            return new RunResult(checklist.name(), checklist.file(), checklist.profile().name(),
                    checklist.profile().file(), start, Duration.between(start, Instant.now()), items, deadline,
                    Version.text());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@code checklist.yaml} in the working directory or the nearest parent that has one. */
    static Path findChecklist() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path c = d.resolve("checklist.yaml");
            if (Files.isRegularFile(c)) {
                return c;
            }
        }
        return Path.of("checklist.yaml");
    }

    private static Path baseDir(Path checklist) {
        Path parent = checklist.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }
}
