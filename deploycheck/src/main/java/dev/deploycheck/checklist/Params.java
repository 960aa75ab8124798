package dev.deploycheck.checklist;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A probe's parameters as written in the checklist, each with its source position.
 *
 * <p>A probe kind reads them with typed getters; a bad or missing value is recorded as a {@link Problem} pointing
 * at the value, and the getter returns the default, so that validation reports every error at once. The same
 * parameters are read twice: once at load time to validate ({@code ${...}} references left as written, their
 * type checked later) and once per run with every reference expanded.
 */
public final class Params {
    private final String file;
    private final Pos owner;
    private final Map<String, Node> values = new LinkedHashMap<>();
    private final Map<String, Pos> keyPos = new LinkedHashMap<>();
    private final Problems problems;
    private final Variables variables;

    private Params(String file, Pos owner, Problems problems, Variables variables) {
        this.file = file;
        this.owner = owner;
        this.problems = problems;
        this.variables = variables;
    }

    /** Parameters from the given mapping entries (already filtered of the item's own keys). */
    public static Params of(String file, Pos owner, Map<String, NodeTuple> entries) {
        Params p = new Params(file, owner, new Problems(), null);
        entries.forEach((k, t) -> {
            p.values.put(k, t.getValueNode());
            p.keyPos.put(k, Yaml.pos(file, t.getKeyNode()));
        });
        return p;
    }

    /** A fresh copy that expands {@code ${...}} with the given variables and collects its own problems. */
    public Params resolved(Variables vars) {
        Params p = new Params(file, owner, new Problems(), vars);
        p.values.putAll(values);
        p.keyPos.putAll(keyPos);
        return p;
    }

    public Problems problems() {
        return problems;
    }

    /** True while validating a checklist (values may still hold unexpanded references). */
    public boolean validating() {
        return variables == null;
    }

    public Set<String> keys() {
        return values.keySet();
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public Pos keyPos(String key) {
        return keyPos.getOrDefault(key, owner);
    }

    public Pos pos(String key) {
        Node n = values.get(key);
        return n == null ? owner : Yaml.pos(file, n);
    }

    /** True while validating when the value of {@code key} holds a reference: its type is checked once expanded. */
    public boolean deferred(String key) {
        Node n = values.get(key);
        return validating() && n instanceof ScalarNode && Variables.hasRefs(((ScalarNode) n).getValue());
    }

    public Pos owner() {
        return owner;
    }

    /** Records a problem with the value of {@code key} (or with the item when the key is absent). */
    public void error(String key, String message) {
        problems.add(pos(key), message, null, width(values.get(key)));
    }

    // ---- typed getters -------------------------------------------------------------------------------

    /** A required string. */
    public String string(String key) {
        if (!values.containsKey(key)) {
            problems.add(owner, "missing required field '" + key + "'");
            return "";
        }
        return string(key, "");
    }

    public String string(String key, String fallback) {
        return optString(key).orElse(fallback);
    }

    public Optional<String> optString(String key) {
        return optString(key, PLAIN);
    }

    /**
     * A required URL: each {@code ${...}} in it is percent-encoded for where it stands ({@link UrlSubstitution}),
     * so that a value with {@code &}, {@code #} or a space stays one value.
     */
    public String url(String key) {
        if (!values.containsKey(key)) {
            problems.add(owner, "missing required field '" + key + "'");
            return "";
        }
        return optString(key, UrlSubstitution.INSTANCE).orElse("");
    }

    /**
     * A shell line as the argv that runs it: {@code /bin/sh -c LINE deploycheck VALUE...}, each {@code ${...}}
     * passed as an argument and referred to as a quoted positional parameter ({@link ShellLine}), never pasted
     * into the line.
     */
    public Optional<List<String>> shellLine(String key) {
        ShellLine line = new ShellLine();
        return optString(key, line).map(line::argv);
    }

    private Optional<String> optString(String key, Variables.Encoder encoder) {
        Node n = values.get(key);
        if (n == null || isNull(n)) {
            return Optional.empty();
        }
        if (!(n instanceof ScalarNode)) {
            problems.add(Yaml.pos(file, n), "'" + key + "' must be a string, not a " + Yaml.describe(n));
            return Optional.empty();
        }
        return Optional.of(expand(key, ((ScalarNode) n).getValue(), encoder));
    }

    public int integer(String key, int fallback) {
        return convert(key, fallback, "a whole number", Integer::parseInt);
    }

    /**
     * A whole number from {@code min} to {@code max}: one error that shows the value as written, whether it is
     * not a number, too large for any number, or out of range.
     */
    public int integer(String key, int fallback, int min, int max) {
        return convert(key, fallback, "a whole number from " + min + " to " + max, s -> {
            int v = Integer.parseInt(s);
            if (v < min || v > max) {
                throw new IllegalArgumentException();
            }
            return v;
        });
    }

    public double number(String key, double fallback) {
        return convert(key, fallback, "a number", Double::parseDouble);
    }

    public boolean bool(String key, boolean fallback) {
        return convert(key, fallback, "true or false", s -> {
            if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("yes")) {
                return true;
            }
            if (s.equalsIgnoreCase("false") || s.equalsIgnoreCase("no")) {
                return false;
            }
            throw new IllegalArgumentException();
        });
    }

    public Duration duration(String key, Duration fallback) {
        return convert(key, fallback, "a duration such as 500ms, 30s, 5m", Durations::parse);
    }

    /** A string or a list of strings. */
    public List<String> strings(String key) {
        Node n = values.get(key);
        List<String> out = new ArrayList<>();
        if (n == null || isNull(n)) {
            return out;
        }
        if (n instanceof ScalarNode) {
            out.add(expand(key, ((ScalarNode) n).getValue()));
        } else if (n instanceof SequenceNode) {
            for (Node e : ((SequenceNode) n).getValue()) {
                if (e instanceof ScalarNode) {
                    out.add(expand(key, ((ScalarNode) e).getValue()));
                } else {
                    problems.add(Yaml.pos(file, e), "'" + key + "' must list strings, found a " + Yaml.describe(e));
                }
            }
        } else {
            problems.add(Yaml.pos(file, n), "'" + key + "' must be a string or a list, not a " + Yaml.describe(n));
        }
        return out;
    }

    /** A mapping of string to string (headers, form fields). */
    public Map<String, String> stringMap(String key) {
        Map<String, String> out = new LinkedHashMap<>();
        Node n = values.get(key);
        if (n == null || isNull(n)) {
            return out;
        }
        if (!(n instanceof MappingNode)) {
            problems.add(Yaml.pos(file, n), "'" + key + "' must be a mapping, not a " + Yaml.describe(n));
            return out;
        }
        for (NodeTuple t : ((MappingNode) n).getValue()) {
            String k = ((ScalarNode) t.getKeyNode()).getValue();
            Node v = t.getValueNode();
            if (v instanceof ScalarNode) {
                out.put(k, isNull(v) ? "" : expand(key, ((ScalarNode) v).getValue()));
            } else {
                problems.add(Yaml.pos(file, v), "'" + key + "." + k + "' must be a string, not a " + Yaml.describe(v));
            }
        }
        return out;
    }

    /** Nested parameters under {@code key}, or an empty set when absent; unknown keys are reported. */
    public Params child(String key, Set<String> allowed) {
        Params p = new Params(file, pos(key), problems, variables);
        Node n = values.get(key);
        if (n == null || isNull(n)) {
            return p;
        }
        if (!(n instanceof MappingNode)) {
            problems.add(Yaml.pos(file, n), "'" + key + "' must be a mapping, not a " + Yaml.describe(n));
            return p;
        }
        for (NodeTuple t : ((MappingNode) n).getValue()) {
            String k = ((ScalarNode) t.getKeyNode()).getValue();
            p.values.put(k, t.getValueNode());
            p.keyPos.put(k, Yaml.pos(file, t.getKeyNode()));
        }
        if (validating()) {
            p.checkKeys(allowed, "key");
        }
        return p;
    }

    /**
     * A list of mappings under {@code key} (a browser item's steps), each as its own Params positioned at its
     * element; a scalar or a non-mapping element is reported.
     */
    public List<Params> list(String key, Set<String> allowed) {
        List<Params> out = new ArrayList<>();
        Node n = values.get(key);
        if (n == null || isNull(n)) {
            return out;
        }
        if (!(n instanceof SequenceNode)) {
            problems.add(Yaml.pos(file, n), "'" + key + "' must be a list, not a " + Yaml.describe(n));
            return out;
        }
        for (Node e : ((SequenceNode) n).getValue()) {
            if (!(e instanceof MappingNode)) {
                problems.add(Yaml.pos(file, e), "each of '" + key + "' must be a mapping such as {click: \"#send\"}, not a "
                        + Yaml.describe(e));
                continue;
            }
            Params p = new Params(file, Yaml.pos(file, e), problems, variables);
            for (NodeTuple t : ((MappingNode) e).getValue()) {
                String k = ((ScalarNode) t.getKeyNode()).getValue();
                p.values.put(k, t.getValueNode());
                p.keyPos.put(k, Yaml.pos(file, t.getKeyNode()));
            }
            if (validating()) {
                p.checkKeys(allowed, "step key");
            }
            out.add(p);
        }
        return out;
    }

    /** Reports each key not in {@code allowed}, with a "did you mean". */
    public void checkKeys(Set<String> allowed, String what) {
        for (String k : values.keySet()) {
            if (!allowed.contains(k)) {
                String hint = DidYouMean.suggest(k, allowed).map(s -> "did you mean '" + s + "'?").orElse(null);
                problems.add(keyPos(k), "unknown " + what + " '" + k + "'", hint, k.length());
            }
        }
    }

    /** Any value as plain Java (Map, List, String, Long, Double, Boolean, null), strings expanded. For JSON bodies. */
    public Object value(String key) {
        Node n = values.get(key);
        return n == null ? null : toJava(key, n);
    }

    private Object toJava(String key, Node n) {
        if (n instanceof MappingNode) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (NodeTuple t : ((MappingNode) n).getValue()) {
                m.put(((ScalarNode) t.getKeyNode()).getValue(), toJava(key, t.getValueNode()));
            }
            return m;
        }
        if (n instanceof SequenceNode) {
            List<Object> l = new ArrayList<>();
            for (Node e : ((SequenceNode) n).getValue()) {
                l.add(toJava(key, e));
            }
            return l;
        }
        ScalarNode s = (ScalarNode) n;
        Tag tag = s.getTag();
        try {
            if (Tag.NULL.equals(tag)) {
                return null;
            }
            if (Tag.INT.equals(tag)) {
                return Long.parseLong(s.getValue().replace("_", ""));
            }
            if (Tag.FLOAT.equals(tag)) {
                return Double.parseDouble(s.getValue());
            }
            if (Tag.BOOL.equals(tag)) {
                return Boolean.parseBoolean(s.getValue().toLowerCase(java.util.Locale.ROOT));
            }
        } catch (NumberFormatException e) {
            return s.getValue();
        }
        return expand(key, s.getValue());
    }

    // ---- internals -----------------------------------------------------------------------------------

    private interface Parser<T> {
        T parse(String s);
    }

    private <T> T convert(String key, T fallback, String expected, Parser<T> parser) {
        Node n = values.get(key);
        if (n == null || isNull(n)) {
            return fallback;
        }
        if (!(n instanceof ScalarNode)) {
            problems.add(Yaml.pos(file, n), "'" + key + "' must be " + expected + ", not a " + Yaml.describe(n));
            return fallback;
        }
        String raw = ((ScalarNode) n).getValue();
        if (validating() && Variables.hasRefs(raw)) {
            return fallback; // checked once expanded
        }
        String text = expand(key, raw).trim();
        try {
            return parser.parse(text);
        } catch (RuntimeException e) {
            problems.add(Yaml.pos(file, n), "'" + key + "' must be " + expected + ", found '" + text + "'",
                    null, Math.max(1, raw.length()));
            return fallback;
        }
    }

    private static final Variables.Encoder PLAIN = (value, before, after) -> value;

    private String expand(String key, String raw) {
        return expand(key, raw, PLAIN);
    }

    private String expand(String key, String raw, Variables.Encoder encoder) {
        if (variables == null || !Variables.hasRefs(raw)) {
            return raw;
        }
        try {
            return variables.resolve(raw, encoder);
        } catch (Variables.UndefinedException e) {
            problems.add(pos(key).shift(e.ref().offset()), e.getMessage(), null, e.ref().length());
            return raw;
        }
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode && Tag.NULL.equals(n.getTag())
                && ((ScalarNode) n).getScalarStyle() == DumperOptions.ScalarStyle.PLAIN;
    }

    private static int width(Node n) {
        return n instanceof ScalarNode ? Math.max(1, ((ScalarNode) n).getValue().length()) : 1;
    }
}
