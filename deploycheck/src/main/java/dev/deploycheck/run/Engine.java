package dev.deploycheck.run;

import dev.deploycheck.checklist.Checklist;
import dev.deploycheck.checklist.ChecklistLoader;
import dev.deploycheck.checklist.LoadException;
import dev.deploycheck.checklist.Redactor;
import dev.deploycheck.checklist.RunTimeInputs;
import dev.deploycheck.checklist.Variables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

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

    public RunResult run(Checklist checklist, RunOptions options, RunListener listener) {
        Variables variables = new Variables(checklist.profile().vars(), checklist.env(), redactor);
        return new Runner(checklist, variables, options, listener).run();
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
