package dev.deploycheck.probe.compose;

import dev.deploycheck.probe.Shown;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reading a compose file's YAML nodes (which keep their lines): keys with YAML merge keys ({@code <<: *defaults},
 * common in compose files) followed, environment in its map and list forms, volume mounts in short and long syntax.
 */
final class Nodes {
    /** A volume mount: {@code type} null for the short syntax, {@code source} null for an anonymous volume. */
    record Mount(String type, String source, String target) {}

    private Nodes() {}

    /** The value of {@code key}, its own or merged in; null when absent. */
    static Node get(MappingNode m, String key) {
        Node merged = null;
        for (NodeTuple t : m.getValue()) {
            String k = text(t.getKeyNode());
            if (k.equals(key)) {
                return t.getValueNode();
            }
            if (k.equals("<<") && merged == null) {
                merged = fromMerge(t.getValueNode(), key);
            }
        }
        return merged;
    }

    private static Node fromMerge(Node source, String key) {
        if (source instanceof MappingNode m) {
            return get(m, key);
        }
        if (source instanceof SequenceNode q) {
            for (Node n : q.getValue()) {
                Node v = fromMerge(n, key);
                if (v != null) {
                    return v;
                }
            }
        }
        return null;
    }

    static Node path(MappingNode m, String... keys) {
        Node n = m;
        for (String k : keys) {
            if (!(n instanceof MappingNode mm)) {
                return null;
            }
            n = get(mm, k);
        }
        return n;
    }

    static Set<String> keys(MappingNode m) {
        Set<String> out = new LinkedHashSet<>();
        for (NodeTuple t : m.getValue()) {
            String k = text(t.getKeyNode());
            if (k.equals("<<")) {
                Node v = t.getValueNode();
                if (v instanceof MappingNode mm) {
                    out.addAll(keys(mm));
                } else if (v instanceof SequenceNode q) {
                    q.getValue().stream().filter(MappingNode.class::isInstance).forEach(n -> out.addAll(keys((MappingNode) n)));
                }
            } else {
                out.add(k);
            }
        }
        return out;
    }

    /** A scalar's text; empty for null or a collection. */
    static String text(Node n) {
        return n instanceof ScalarNode s && !(Tag.NULL.equals(s.getTag()) && s.getValue().isEmpty()) ? s.getValue() : "";
    }

    /** A scalar as it may be shown in a finding: escaped and cut. */
    static String shown(Node n) {
        return Shown.line(text(n), 80);
    }

    /** The line of {@code key} itself (a mapping value starts on the line after it); 0 when absent or merged. */
    static int keyLine(MappingNode m, String key) {
        return m.getValue().stream().filter(t -> text(t.getKeyNode()).equals(key)).findFirst()
                .map(t -> line(t.getKeyNode())).orElse(0);
    }

    static int line(Node n) {
        return n == null ? 0 : n.getStartMark().getLine() + 1;
    }

    /** {@code environment:} as KEY -> value node (null for a bare KEY), from the map or the list form. */
    static Map<String, Node> environment(Node env) {
        Map<String, Node> out = new LinkedHashMap<>();
        if (env instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                out.put(text(t.getKeyNode()), t.getValueNode() instanceof ScalarNode ? t.getValueNode() : null);
            }
        } else if (env instanceof SequenceNode q) {
            for (Node n : q.getValue()) {
                String entry = text(n);
                int eq = entry.indexOf('=');
                out.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? null : new ScalarNode(Tag.STR,
                        entry.substring(eq + 1), n.getStartMark(), n.getEndMark(), DumperOptions.ScalarStyle.PLAIN));
            }
        }
        return out;
    }

    static Mount mount(Node v) {
        if (v instanceof MappingNode m) {
            return new Mount(text(get(m, "type")), text(get(m, "source")), text(get(m, "target")));
        }
        String[] parts = text(v).split(":");
        if (parts.length == 1) {
            return new Mount(null, null, parts[0]);
        }
        return new Mount(null, parts[0], parts[1]);
    }
}
