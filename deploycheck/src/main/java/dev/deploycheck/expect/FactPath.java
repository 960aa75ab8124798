package dev.deploycheck.expect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deploycheck.probe.Observation;
import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A path into an observation's facts: {@code status}, {@code header.Content-Type}, {@code json.user.roles[0]},
 * {@code json["key.with.dots"]}, {@code count(json.items)}. Map and JSON object keys match exactly first and
 * then case-insensitively; {@code [-1]} is the last element.
 */
public final class FactPath {
    /** One step after the root fact: a key or a list index. */
    private record Step(String key, Integer index) {}

    private final String text;
    private final String root;
    private final List<Step> steps;
    private final FactPath counted;

    private FactPath(String text, String root, List<Step> steps, FactPath counted) {
        this.text = text;
        this.root = root;
        this.steps = List.copyOf(steps);
        this.counted = counted;
    }

    /** Parses a whole path, as {@code capture:} writes it; offsets in the exception are into {@code text}. */
    public static FactPath parse(String text) throws ExpectationSyntaxException {
        Scanner s = new Scanner(text, 0);
        FactPath path = parse(s, false);
        s.skipSpace();
        if (!s.atEnd()) {
            throw s.error("unexpected '" + s.rest() + "' after the path", s.at, s.rest().length(),
                    "quote keys with spaces or dots: json[\"a key\"]");
        }
        return path;
    }

    /** Parses the path at the cursor and leaves the cursor after it. */
    static FactPath parse(Scanner s, boolean inCount) throws ExpectationSyntaxException {
        s.skipSpace();
        int start = s.at;
        if (s.text.startsWith("count(", start)) {
            s.at += "count(".length();
            FactPath inner = parse(s, true);
            s.skipSpace();
            if (s.peek() != ')') {
                throw s.error("unclosed '('", start + 5, 1, "write count(json.items)");
            }
            s.at++;
            return new FactPath(s.text.substring(start, s.at), null, List.of(), inner);
        }
        if (!Scanner.isNameChar(s.peek())) {
            throw s.error("empty path", start, 1,
                    "start with a fact such as status, header, json, body, duration");
        }
        String root = name(s);
        List<Step> steps = new ArrayList<>();
        int segment = start;
        while (true) {
            char c = s.peek();
            if (c == '(') {
                String name = s.text.substring(segment, s.at);
                throw s.error("unknown function '" + name + "'", segment, name.length(),
                        "the one function is count(), e.g. count(json.items)");
            }
            if (c == '.') {
                int dot = s.at++;
                segment = s.at;
                char n = s.peek();
                if (n == '"' || n == '\'') {
                    steps.add(new Step(s.quoted(), null));
                } else if (Scanner.isNameChar(n)) {
                    steps.add(new Step(name(s), null));
                } else {
                    throw s.error("empty path segment after '.'", dot, 1,
                            "remove the '.' or quote the key: json[\"a.b\"]");
                }
            } else if (c == '[') {
                steps.add(bracket(s));
            } else if (c == ']') {
                throw s.error("unbalanced ']'", s.at, 1, null);
            } else if (c == ')' && !inCount) {
                throw s.error("unbalanced ')'", s.at, 1, null);
            } else {
                break;
            }
        }
        return new FactPath(s.text.substring(start, s.at), root, steps, null);
    }

    private static String name(Scanner s) {
        int start = s.at;
        while (Scanner.isNameChar(s.peek())) {
            s.at++;
        }
        return s.text.substring(start, s.at);
    }

    private static Step bracket(Scanner s) throws ExpectationSyntaxException {
        int open = s.at++;
        s.skipSpace();
        Step step;
        char c = s.peek();
        if (c == '"' || c == '\'') {
            step = new Step(s.quoted(), null);
        } else if (Character.isDigit(c) || (c == '-' && Character.isDigit(s.peek(1)))) {
            int start = s.at++;
            while (Character.isDigit(s.peek())) {
                s.at++;
            }
            String digits = s.text.substring(start, s.at);
            if (digits.length() > 9) {
                throw s.error("index too large: " + digits, start, digits.length(), null);
            }
            step = new Step(null, Integer.parseInt(digits));
        } else if (s.atEnd()) {
            throw s.error("unclosed '['", open, 1, "write json.items[0] or json[\"key\"]");
        } else {
            throw s.error("expected an index or a quoted key inside [ ]", s.at, 1,
                    "write json.items[0] or json[\"key\"]");
        }
        s.skipSpace();
        if (s.peek() != ']') {
            throw s.error("unclosed '['", open, 1, "write json.items[0] or json[\"key\"]");
        }
        s.at++;
        return step;
    }

    public String text() {
        return text;
    }

    /** The observation fact this path starts from: {@code json} for {@code count(json.items)}. */
    public String rootFact() {
        return counted != null ? counted.rootFact() : root;
    }

    /**
     * The value at this path with JSON scalars unwrapped to String, Number and Boolean; empty when the path
     * does not exist in the observation or its value is null.
     */
    public Optional<Object> resolve(Observation observation) {
        try {
            return lookup(observation).filter(v -> v != Values.NULL);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The value at this path, {@link Values#NULL} for a present null; empty when missing. Throws
     * IllegalArgumentException with a readable message when {@code count()} meets something it cannot count.
     */
    Optional<Object> lookup(Observation observation) {
        if (counted != null) {
            return counted.lookup(observation).map(FactPath::count);
        }
        Object v = key(observation.facts(), root);
        for (Step step : steps) {
            if (v == null) {
                return Optional.empty();
            }
            v = step.key() != null ? key(v, step.key()) : index(v, step.index());
        }
        return v == null ? Optional.empty() : Optional.of(Values.unwrap(v == Values.NULL ? null : v));
    }

    private static Object count(Object v) {
        List<Object> list = Values.asList(v);
        if (list != null) {
            return (long) list.size();
        }
        Map<String, Object> map = Values.asMap(v);
        if (map != null) {
            return (long) map.size();
        }
        if (v instanceof String) {
            return (long) ((String) v).length();
        }
        throw new IllegalArgumentException("count() needs a list, map or string, not " + Values.typeName(v));
    }

    /** Child {@code key} of a map, JSON object, record or (for digits) list; null when absent. */
    private static Object key(Object v, String key) {
        if (v instanceof Map) {
            Map<?, ?> map = (Map<?, ?>) v;
            try {
                if (map.containsKey(key)) {
                    return present(map.get(key));
                }
            } catch (ClassCastException | NullPointerException e) {
                // keys of another type: fall through to the string comparison
            }
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (String.valueOf(e.getKey()).equalsIgnoreCase(key)) {
                    return present(e.getValue());
                }
            }
            return null;
        }
        if (v instanceof JsonNode && ((JsonNode) v).isObject()) {
            JsonNode node = (JsonNode) v;
            if (node.has(key)) {
                return node.get(key);
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (name.equalsIgnoreCase(key)) {
                    return node.get(name);
                }
            }
            return null;
        }
        if (v instanceof Record) {
            for (RecordComponent c : v.getClass().getRecordComponents()) {
                if (c.getName().equals(key)) {
                    try {
                        c.getAccessor().setAccessible(true); // probes keep their fact records package-private
                        return present(c.getAccessor().invoke(v));
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        return null;
                    }
                }
            }
            return null;
        }
        if (key.matches("\\d{1,9}")) {
            return index(v, Integer.parseInt(key));
        }
        return null;
    }

    /** Element {@code i} of a list-like value ({@code -1} is the last); a map's key {@code "i"}; null when absent. */
    private static Object index(Object v, int i) {
        if (v instanceof JsonNode && ((JsonNode) v).isArray()) {
            JsonNode node = (JsonNode) v;
            int at = i < 0 ? node.size() + i : i;
            return at >= 0 && at < node.size() ? node.get(at) : null;
        }
        if (v instanceof List) {
            List<?> list = (List<?>) v;
            int at = i < 0 ? list.size() + i : i;
            return at >= 0 && at < list.size() ? present(list.get(at)) : null;
        }
        if (v != null && v.getClass().isArray()) {
            int n = Array.getLength(v);
            int at = i < 0 ? n + i : i;
            return at >= 0 && at < n ? present(Array.get(v, at)) : null;
        }
        if (v instanceof Map || (v instanceof JsonNode && ((JsonNode) v).isObject())) {
            return key(v, Integer.toString(i));
        }
        return null;
    }

    /** A contained Java null is a present null, not a missing value. */
    private static Object present(Object v) {
        return v == null ? Values.NULL : v;
    }

    @Override
    public String toString() {
        return text;
    }
}
