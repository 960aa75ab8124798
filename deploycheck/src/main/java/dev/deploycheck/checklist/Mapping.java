package dev.deploycheck.checklist;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** A YAML mapping read with positions: duplicate and non-string keys are reported, lookups are by key. */
final class Mapping {
    final String file;
    final Node node;
    final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Problems problems;

    private Mapping(String file, Node node, Problems problems) {
        this.file = file;
        this.node = node;
        this.problems = problems;
    }

    /** Reads {@code node} as a mapping; reports "expected a mapping" (naming {@code what}) otherwise. */
    static Optional<Mapping> of(String file, Node node, String what, Problems problems) {
        if (!(node instanceof MappingNode)) {
            problems.add(Yaml.pos(file, node), what + " must be a mapping, found a " + Yaml.describe(node));
            return Optional.empty();
        }
        Mapping m = new Mapping(file, node, problems);
        for (NodeTuple t : ((MappingNode) node).getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode)) {
                problems.add(Yaml.pos(file, t.getKeyNode()), "keys must be plain strings");
                continue;
            }
            String key = ((ScalarNode) t.getKeyNode()).getValue();
            if (m.entries.containsKey(key)) {
                problems.add(Yaml.pos(file, t.getKeyNode()), "duplicate key '" + key + "'", null, key.length());
                continue;
            }
            m.entries.put(key, t);
        }
        return Optional.of(m);
    }

    Pos pos() {
        return Yaml.pos(file, node);
    }

    Node get(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? null : t.getValueNode();
    }

    Pos keyPos(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? pos() : Yaml.pos(file, t.getKeyNode());
    }

    /** A scalar value, or empty (with a problem when present but not a scalar, or when required and absent). */
    Optional<String> scalar(String key, boolean required) {
        Node n = get(key);
        if (n == null) {
            if (required) {
                problems.add(pos(), "missing required field '" + key + "'");
            }
            return Optional.empty();
        }
        if (!(n instanceof ScalarNode)) {
            problems.add(Yaml.pos(file, n), "'" + key + "' must be a single value, found a " + Yaml.describe(n));
            return Optional.empty();
        }
        return Optional.of(((ScalarNode) n).getValue());
    }

    Optional<SequenceNode> sequence(String key) {
        Node n = get(key);
        if (n == null) {
            return Optional.empty();
        }
        if (!(n instanceof SequenceNode)) {
            problems.add(Yaml.pos(file, n), "'" + key + "' must be a list, found a " + Yaml.describe(n));
            return Optional.empty();
        }
        return Optional.of((SequenceNode) n);
    }

    void checkKeys(Set<String> allowed, String what) {
        for (String k : entries.keySet()) {
            if (!allowed.contains(k)) {
                String hint = DidYouMean.suggest(k, allowed).map(s -> "did you mean '" + s + "'?").orElse(null);
                problems.add(keyPos(k), "unknown " + what + " '" + k + "'", hint, k.length());
            }
        }
    }
}
