package dev.deploycheck.probe.command;

import dev.deploycheck.checklist.Params;
import dev.deploycheck.probe.Probe;
import dev.deploycheck.probe.ProbeKind;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code probe: command}: runs a program — {@code run: [argv...]} as is, or {@code run: "a shell line"} with
 * {@code /bin/sh -c} — in {@code cwd} (relative to the checklist) with the run's environment plus {@code env}.
 * Facts: {@code exitCode}, {@code stdout}, {@code stderr} (each capped, trailing newlines trimmed),
 * {@code duration}. At the item's deadline the whole process tree is killed and the item errors.
 */
public final class CommandProbe implements ProbeKind {
    static final int DEFAULT_MAX_OUTPUT = 64 * 1024;

    /** What to run and where. */
    record Spec(List<String> argv, String cwd, Map<String, String> env, int maxOutput) {}

    @Override
    public String name() {
        return "command";
    }

    @Override
    public String summary() {
        return "Run a command: exit code, stdout, stderr, duration (killed with its children at the deadline)";
    }

    @Override
    public Set<String> keys() {
        return Set.of("run", "cwd", "env", "maxOutput");
    }

    @Override
    public Set<String> facts() {
        return Set.of("exitCode", "stdout", "stderr", "duration");
    }

    @Override
    public Probe create(Params params) {
        if (!params.has("run")) {
            params.string("run"); // records "missing required field"
        }
        Object raw = params.value("run");
        List<String> argv = List.of();
        if (raw instanceof List) {
            argv = params.strings("run");
            if (argv.isEmpty()) {
                params.error("run", "'run' must not be empty");
            }
        } else if (raw instanceof Map) {
            params.error("run", "'run' must be a list of arguments or a shell line, not a mapping");
        } else if (params.has("run")) {
            argv = params.shellLine("run").orElse(List.of("/bin/sh", "-c", ""));
            if (argv.get(2).isBlank()) {
                params.error("run", "'run' must not be empty");
            }
        }
        String cwd = params.optString("cwd").orElse(null);
        Map<String, String> env = params.stringMap("env");
        int maxOutput = params.integer("maxOutput", DEFAULT_MAX_OUTPUT);
        if (maxOutput < 0) {
            params.error("maxOutput", "'maxOutput' must be a number of bytes, found " + maxOutput);
        }
        Spec spec = new Spec(List.copyOf(argv), cwd, Map.copyOf(env), Math.max(0, maxOutput));
        return ctx -> new CommandRun(spec, ctx).run();
    }
}
