package dev.deploycheck.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deploycheck.checklist.Env;
import dev.deploycheck.checklist.Params;
import dev.deploycheck.checklist.Pos;
import dev.deploycheck.checklist.Problem;
import dev.deploycheck.checklist.Redactor;
import dev.deploycheck.checklist.Variables;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.Probe;
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

/**
 * Builds a probe kind's {@link Params} from a YAML snippet (the item's parameters, as written in a checklist) and
 * runs a probe the way the engine does: validate with references unexpanded, then create from the resolved copy.
 *
 * <pre>
 * Observation obs = TestParams.run(new HttpProbe(), "url: http://127.0.0.1:" + port + "/x", Duration.ofSeconds(5));
 * </pre>
 */
public final class TestParams {
    public static final String FILE = "checklist.yaml";

    private TestParams() {}

    /** The parameters of a one-mapping YAML snippet, positions relative to {@link #FILE}. */
    public static Params parse(String yaml) {
        MappingNode root = (MappingNode) new org.yaml.snakeyaml.Yaml().compose(new StringReader(yaml));
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple t : root.getValue()) {
            entries.put(((ScalarNode) t.getKeyNode()).getValue(), t);
        }
        return Params.of(FILE, new Pos(FILE, 1, 1), entries);
    }

    /** The problems validating the snippet reports (unknown keys included), as {@code line:col message}. */
    public static List<String> problems(ProbeKind kind, String yaml) {
        Params p = parse(yaml);
        p.checkKeys(kind.keys(), "key");
        kind.create(p);
        return describe(p);
    }

    /** Problems of the run-time (expanded) path. */
    public static List<String> runProblems(ProbeKind kind, String yaml, Env env) {
        Params p = parse(yaml).resolved(new Variables(Map.of(), env, new Redactor()));
        kind.create(p);
        return describe(p);
    }

    /** Validates (must be clean), then creates the run-time probe from the expanded parameters. */
    public static Probe create(ProbeKind kind, String yaml, Env env, Redactor redactor) {
        List<String> validation = problems(kind, yaml);
        assertTrue(validation.isEmpty(), () -> "validation problems: " + validation);
        Params resolved = parse(yaml).resolved(new Variables(Map.of(), env, redactor));
        Probe probe = kind.create(resolved);
        List<String> run = describe(resolved);
        assertTrue(run.isEmpty(), () -> "run-time problems: " + run);
        return probe;
    }

    /** Creates and runs the probe with an empty environment. */
    public static Observation run(ProbeKind kind, String yaml, Duration timeout) throws Exception {
        return run(kind, yaml, env(Map.of()), new Redactor(), timeout);
    }

    public static Observation run(ProbeKind kind, String yaml, Env env, Redactor redactor, Duration timeout)
            throws Exception {
        return create(kind, yaml, env, redactor).run(context(env, redactor, timeout));
    }

    public static ProbeContext context(Env env, Redactor redactor, Duration timeout) {
        return new ProbeContext("test-item", timeout, Instant.now().plus(timeout), Path.of("."), env, redactor);
    }

    public static Env env(Map<String, String> values) {
        return new Env(values, Set.of());
    }

    private static List<String> describe(Params p) {
        return p.problems().all().stream().map(TestParams::describe).collect(Collectors.toList());
    }

    private static String describe(Problem pr) {
        return pr.pos().line() + ":" + pr.pos().column() + " " + pr.message();
    }
}
