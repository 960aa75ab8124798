package dev.deploycheck.checklist;

import dev.deploycheck.expect.Expectation;
import dev.deploycheck.expect.ExpectationSyntaxException;
import dev.deploycheck.expect.FactPath;
import dev.deploycheck.probe.ProbeKind;
import dev.deploycheck.probe.ProbeKinds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads sections and items (and the checklist's defaults), recording every problem with its position. */
final class ItemReader {
    static final Set<String> ITEM_KEYS = Set.of("id", "title", "probe", "expect", "severity", "timeout", "retry",
            "needs", "after", "capture", "tags", "description");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    /** A scalar of an item with its position: where variable references are looked for. */
    record ScalarAt(String text, Pos pos) {}

    private final String file;
    private final Problems problems;
    private Severity defaultSeverity = Severity.CRITICAL;
    private Duration defaultTimeout = Duration.ofSeconds(10);
    private Retry defaultRetry = Retry.ONCE;
    final Map<String, List<ScalarAt>> scalars = new LinkedHashMap<>();
    final Map<String, List<ScalarAt>> needs = new LinkedHashMap<>();
    final Map<String, Pos> idPos = new LinkedHashMap<>();

    ItemReader(String file, Problems problems) {
        this.file = file;
        this.problems = problems;
    }

    void readDefaults(Node node) {
        Mapping.of(file, node, "'defaults'", problems).ifPresent(m -> {
            m.checkKeys(Set.of("severity", "timeout", "retry"), "defaults key");
            defaultSeverity = severity(m, defaultSeverity);
            defaultTimeout = timeout(m, defaultTimeout);
            defaultRetry = retry(m, defaultRetry);
        });
    }

    List<Item> readSection(Node node) {
        List<Item> out = new ArrayList<>();
        Mapping.of(file, node, "a section", problems).ifPresent(m -> {
            m.checkKeys(Set.of("name", "items"), "section key");
            String name = m.scalar("name", true).orElse("");
            Optional<SequenceNode> items = m.sequence("items");
            if (items.isEmpty() && m.get("items") == null) {
                problems.add(m.pos(), "section '" + name + "' has no 'items'");
            }
            items.ifPresent(seq -> seq.getValue().forEach(n -> readItem(name, n).ifPresent(out::add)));
        });
        return out;
    }

    private Optional<Item> readItem(String section, Node node) {
        Optional<Mapping> om = Mapping.of(file, node, "an item", problems);
        if (om.isEmpty()) {
            return Optional.empty();
        }
        Mapping m = om.get();
        String id = m.scalar("id", true).orElse("");
        if (!id.isEmpty() && !ID.matcher(id).matches()) {
            problems.add(Yaml.pos(file, m.get("id")), "invalid id '" + id + "'",
                    "use lower-case letters, digits, '-' and '_'", id.length());
        }
        String title = m.scalar("title", true).orElse(id);
        String kindName = m.scalar("probe", true).orElse("");
        Optional<ProbeKind> kind = ProbeKinds.find(kindName);
        if (!kindName.isEmpty() && kind.isEmpty()) {
            String hint = DidYouMean.suggest(kindName, ProbeKinds.names()).map(s -> "did you mean '" + s + "'?")
                    .orElse("known kinds: " + String.join(", ", new TreeSet<>(ProbeKinds.names())));
            problems.add(Yaml.pos(file, m.get("probe")), "unknown probe kind '" + kindName + "'", hint, kindName.length());
        }

        Map<String, NodeTuple> paramEntries = new LinkedHashMap<>();
        m.entries.forEach((k, t) -> {
            if (!ITEM_KEYS.contains(k)) {
                paramEntries.put(k, t);
            }
        });
        Params params = Params.of(file, m.pos(), paramEntries);
        kind.ifPresent(k -> {
            Set<String> known = new HashSet<>(k.keys());
            Set<String> all = new HashSet<>(known);
            all.addAll(ITEM_KEYS);
            for (String key : paramEntries.keySet()) {
                if (!known.contains(key)) {
                    String hint = DidYouMean.suggest(key, all).map(s -> "did you mean '" + s + "'?").orElse(null);
                    problems.add(params.keyPos(key), "unknown key '" + key + "' for probe kind '" + k.name() + "'",
                            hint, key.length());
                }
            }
            k.create(params);
            params.problems().all().forEach(problems::add);
        });

        List<ScalarAt> texts = new ArrayList<>();
        collectScalars(node, texts);
        scalars.put(id, texts);
        List<ScalarAt> needTexts = new ArrayList<>();
        for (String key : List.of("needs", "after")) {
            if (m.get(key) != null) {
                collectScalars(m.get(key), needTexts);
            }
        }
        needs.put(id, needTexts);
        if (m.get("id") != null && !idPos.containsKey(id)) {
            idPos.put(id, Yaml.pos(file, m.get("id")));
        } else if (m.get("id") != null) {
            problems.add(Yaml.pos(file, m.get("id")), "duplicate id '" + id + "'",
                    "first defined at " + idPos.get(id), id.length());
        }

        Pos pos = m.pos();
        Item item = new Item(id, title, section, kindName, params, expectations(m, kind), severity(m, defaultSeverity),
                timeout(m, defaultTimeout), retry(m, defaultRetry), strings(m, "needs"), strings(m, "after"),
                captures(m, kind),
                strings(m, "tags"), null, pos);
        return Optional.of(item);
    }

    private List<Expectation> expectations(Mapping m, Optional<ProbeKind> kind) {
        List<Expectation> out = new ArrayList<>();
        Node n = m.get("expect");
        if (n == null) {
            return out;
        }
        List<Node> nodes = n instanceof SequenceNode ? ((SequenceNode) n).getValue() : List.of(n);
        for (Node e : nodes) {
            if (!(e instanceof ScalarNode)) {
                problems.add(Yaml.pos(file, e), "an expectation is a string such as 'status == 200', found a "
                        + Yaml.describe(e), "write it on one line, quoted if it contains ': '", 1);
                continue;
            }
            String text = ((ScalarNode) e).getValue();
            Pos pos = Yaml.pos(file, e);
            try {
                Expectation parsed = Expectation.parse(text, pos);
                out.add(parsed);
                kind.ifPresent(k -> parsed.conditionOffsets().forEach(at -> checkFact(text.substring(at), pos.shift(at), k)));
            } catch (ExpectationSyntaxException x) {
                problems.add(pos.shift(x.offset()), "invalid expectation: " + x.getMessage(), x.hint(), x.width());
            }
        }
        return out;
    }

    /** An expectation's first path segment must be a fact the kind observes: catches {@code staus == 200}. */
    private void checkFact(String text, Pos pos, ProbeKind kind) {
        if (kind.facts().isEmpty()) {
            return;
        }
        String t = text.stripLeading();
        int lead = text.length() - t.length();
        int end = 0;
        while (end < t.length() && (Character.isLetterOrDigit(t.charAt(end)) || t.charAt(end) == '_')) {
            end++;
        }
        if (end == 0 || (end < t.length() && t.charAt(end) == '(')) {
            return;
        }
        String root = t.substring(0, end);
        if (!kind.facts().contains(root)) {
            String hint = DidYouMean.suggest(root, kind.facts()).map(s -> "did you mean '" + s + "'?")
                    .orElse("facts of '" + kind.name() + "': " + String.join(", ", new TreeSet<>(kind.facts())));
            problems.add(pos.shift(lead), "unknown fact '" + root + "' for probe kind '" + kind.name() + "'", hint,
                    root.length());
        }
    }

    private Map<String, Capture> captures(Mapping m, Optional<ProbeKind> kind) {
        Map<String, Capture> out = new LinkedHashMap<>();
        Node n = m.get("capture");
        if (n == null) {
            return out;
        }
        Mapping.of(file, n, "'capture' (name: path)", problems).ifPresent(cm -> cm.entries.forEach((name, t) -> {
            Node v = t.getValueNode();
            String path = null;
            boolean secret = false;
            Pos pos = Yaml.pos(file, v);
            if (v instanceof ScalarNode) {
                path = ((ScalarNode) v).getValue();
            } else if (v instanceof MappingNode) {
                Optional<Mapping> vm = Mapping.of(file, v, "a capture", problems);
                if (vm.isPresent()) {
                    vm.get().checkKeys(Set.of("from", "secret"), "capture key");
                    path = vm.get().scalar("from", true).orElse(null);
                    secret = vm.get().scalar("secret", false).map(Boolean::parseBoolean).orElse(false);
                    pos = vm.get().get("from") == null ? pos : Yaml.pos(file, vm.get().get("from"));
                }
            } else {
                problems.add(pos, "a capture is a path such as 'json.accessToken' or {from: path, secret: true}");
            }
            if (path != null) {
                try {
                    out.put(name, new Capture(name, FactPath.parse(path), secret, pos));
                    String text = path;
                    Pos at = pos;
                    kind.ifPresent(k -> checkFact(text, at, k));
                } catch (ExpectationSyntaxException x) {
                    problems.add(pos.shift(x.offset()), "invalid capture path: " + x.getMessage(), x.hint(), x.width());
                }
            }
        }));
        return out;
    }

    private Severity severity(Mapping m, Severity fallback) {
        return m.scalar("severity", false).map(s -> {
            switch (s) {
                case "critical": return Severity.CRITICAL;
                case "warning": return Severity.WARNING;
                default:
                    String hint = DidYouMean.suggest(s, List.of("critical", "warning")).map(x -> "did you mean '" + x + "'?")
                            .orElse("use critical or warning");
                    problems.add(Yaml.pos(file, m.get("severity")), "invalid severity '" + s + "'", hint, s.length());
                    return fallback;
            }
        }).orElse(fallback);
    }

    /** An item's time limit: above zero (0s would fail every item before it starts) and at most an hour. */
    private Duration timeout(Mapping m, Duration fallback) {
        return m.scalar("timeout", false).map(s -> {
            Duration d = parseDuration(s, m.get("timeout"), null);
            if (d == null) {
                return fallback;
            }
            if (d.isZero() || d.isNegative() || d.compareTo(MAX_TIMEOUT) > 0) {
                problems.add(Yaml.pos(file, m.get("timeout")), "timeout must be above 0 and at most 1h, found '" + s + "'", null, s.length());
                return fallback;
            }
            return d;
        }).orElse(fallback);
    }

    static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    private Duration parseDuration(String s, Node at, Duration fallback) {
        try {
            return Durations.parse(s);
        } catch (IllegalArgumentException e) {
            problems.add(Yaml.pos(file, at), e.getMessage(), null, s.length());
            return fallback;
        }
    }

    private Retry retry(Mapping m, Retry fallback) {
        Node n = m.get("retry");
        if (n == null) {
            return fallback;
        }
        if (n instanceof ScalarNode) {
            String s = ((ScalarNode) n).getValue();
            return new Retry(attempts(s, n, "retry must be a number of attempts from 1 to " + Retry.MAX_ATTEMPTS
                    + " or {attempts, interval}", fallback.attempts()), Duration.ofSeconds(1));
        }
        return Mapping.of(file, n, "'retry'", problems).map(rm -> {
            rm.checkKeys(Set.of("attempts", "interval"), "retry key");
            int attempts = rm.scalar("attempts", false).map(a -> attempts(a, rm.get("attempts"),
                    "attempts must be a whole number from 1 to " + Retry.MAX_ATTEMPTS, fallback.attempts()))
                    .orElse(fallback.attempts());
            Duration interval = rm.scalar("interval", false).map(s -> {
                Duration d = parseDuration(s, rm.get("interval"), Duration.ofSeconds(1));
                if (d.compareTo(Retry.MAX_INTERVAL) > 0) {
                    problems.add(Yaml.pos(file, rm.get("interval")), "interval must be at most 10m, found '" + s + "'", null, s.length());
                    return Retry.MAX_INTERVAL;
                }
                return d;
            }).orElse(Duration.ofSeconds(1));
            return new Retry(attempts, interval);
        }).orElse(fallback);
    }

    private int attempts(String s, Node at, String message, int fallback) {
        try {
            int a = Integer.parseInt(s.trim());
            if (a >= 1 && a <= Retry.MAX_ATTEMPTS) {
                return a;
            }
        } catch (NumberFormatException e) {
            // reported below, with the value as written
        }
        problems.add(Yaml.pos(file, at), message + ", found '" + s + "'", null, Math.max(1, s.length()));
        return fallback;
    }

    private List<String> strings(Mapping m, String key) {
        Node n = m.get(key);
        List<String> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        if (n instanceof ScalarNode) {
            out.add(((ScalarNode) n).getValue());
            return out;
        }
        m.sequence(key).ifPresent(seq -> seq.getValue().forEach(e -> {
            if (e instanceof ScalarNode) {
                out.add(((ScalarNode) e).getValue());
            } else {
                problems.add(Yaml.pos(file, e), "'" + key + "' lists names, found a " + Yaml.describe(e));
            }
        }));
        return out;
    }

    private void collectScalars(Node n, List<ScalarAt> out) {
        if (n instanceof ScalarNode) {
            out.add(new ScalarAt(((ScalarNode) n).getValue(), Yaml.pos(file, n)));
        } else if (n instanceof SequenceNode) {
            ((SequenceNode) n).getValue().forEach(e -> collectScalars(e, out));
        } else if (n instanceof MappingNode) {
            ((MappingNode) n).getValue().forEach(t -> collectScalars(t.getValueNode(), out));
        }
    }
}
