package dev.deploycheck.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.deploycheck.checklist.Env;
import dev.deploycheck.checklist.Params;
import dev.deploycheck.checklist.Pos;
import dev.deploycheck.checklist.Problem;
import dev.deploycheck.checklist.Redactor;
import dev.deploycheck.checklist.Variables;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.ProbeContext;
import dev.deploycheck.probe.ProbeKind;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Builds probe parameters from YAML snippets and runs data probes (postgres, redis, file, ...) the way a run does. */
public final class DataProbeFixtures {
    private DataProbeFixtures() {}

    /** Parameters as validation sees them ({@code ${...}} unexpanded). */
    public static Params params(String yaml) {
        MappingNode root = (MappingNode) new org.yaml.snakeyaml.Yaml().compose(new StringReader(yaml));
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple t : root.getValue()) {
            entries.put(((ScalarNode) t.getKeyNode()).getValue(), t);
        }
        return Params.of("checklist.yaml", new Pos("checklist.yaml", 1, 1), entries);
    }

    /** Validates the snippet with the kind and returns the problems' messages (empty when valid). */
    public static List<String> problems(ProbeKind kind, String yaml) {
        Params p = params(yaml);
        p.checkKeys(kind.keys(), "key");
        kind.create(p);
        return p.problems().all().stream().map(DataProbeFixtures::describe).collect(Collectors.toList());
    }

    public static String describe(Problem p) {
        return p.pos().line() + ":" + p.pos().column() + " " + p.message();
    }

    public static ProbeContext context(Path baseDir, Duration timeout, Map<String, String> env, Redactor redactor) {
        return new ProbeContext("item", timeout, Instant.now().plus(timeout), baseDir, new Env(env, Set.of()), redactor);
    }

    public static ProbeContext context(Path baseDir, Duration timeout) {
        return context(baseDir, timeout, Map.of(), new Redactor());
    }

    /** Validates (asserting no problems), then resolves against the context's env and runs the probe. */
    public static Observation run(ProbeKind kind, String yaml, ProbeContext ctx) throws Exception {
        assertEquals(List.of(), problems(kind, yaml), "validation problems");
        Params resolved = params(yaml).resolved(new Variables(Map.of(), ctx.env(), ctx.redactor()));
        var probe = kind.create(resolved);
        assertEquals(List.of(), resolved.problems().all().stream().map(DataProbeFixtures::describe)
                .collect(Collectors.toList()), "problems once resolved");
        return probe.run(ctx);
    }

    public static Observation run(ProbeKind kind, String yaml) throws Exception {
        return run(kind, yaml, context(Path.of("."), Duration.ofSeconds(10)));
    }

    /** A nested fact such as {@code migrations.version}: walks maps below the root fact. */
    @SuppressWarnings("unchecked")
    public static Object fact(Observation obs, String path) {
        String[] parts = path.split("\\.", 2);
        Object v = obs.get(parts[0]);
        if (parts.length == 1) {
            return v;
        }
        String rest = parts[1];
        while (v instanceof Map) {
            Map<String, Object> m = (Map<String, Object>) v;
            if (m.containsKey(rest)) {
                return m.get(rest);
            }
            int dot = rest.indexOf('.');
            if (dot < 0) {
                return null;
            }
            v = m.get(rest.substring(0, dot));
            rest = rest.substring(dot + 1);
        }
        return null;
    }

    /** The outcome of the named built-in check, or null when the observation has none of that name. */
    public static Observation.Check check(Observation obs, String name) {
        return obs.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }
}
