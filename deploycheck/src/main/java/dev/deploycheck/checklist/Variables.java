package dev.deploycheck.checklist;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands {@code ${vars.x}}, {@code ${env.X}}, {@code ${secret.X}}, {@code ${<item-id>.<capture>}} and the
 * default form {@code ${env.X:-fallback}}. {@code $${} is a literal {@code ${}. Secret values are registered
 * with the redactor the moment they are read, so they are masked in every output.
 */
public final class Variables {
    /** One reference inside a string, with its offset for error carets. */
    public record Ref(String namespace, String name, String fallback, int offset, int length) {
        public String text() {
            return namespace + "." + name;
        }
    }

    /** A reference that has no value (and no fallback). */
    public static final class UndefinedException extends RuntimeException {
        private final transient Ref ref;

        public UndefinedException(Ref ref, String message) {
            super(message);
            this.ref = ref;
        }

        public Ref ref() {
            return ref;
        }
    }

    private static final Pattern REF = Pattern.compile(
            "\\$?\\$\\{([A-Za-z_][A-Za-z0-9_-]*)\\.([A-Za-z0-9_][A-Za-z0-9_.-]*)(?::-([^}]*))?}");

    private final Map<String, String> vars;
    private final Env env;
    private final Redactor redactor;
    private final Map<String, Map<String, String>> captures = new ConcurrentHashMap<>();

    public Variables(Map<String, String> vars, Env env, Redactor redactor) {
        this.vars = Map.copyOf(vars);
        this.env = env;
        this.redactor = redactor;
    }

    public static List<Ref> refs(String text) {
        List<Ref> out = new ArrayList<>();
        Matcher m = REF.matcher(text);
        while (m.find()) {
            if (m.group().startsWith("$$")) {
                continue;
            }
            out.add(new Ref(m.group(1), m.group(2), m.group(3), m.start(), m.end() - m.start()));
        }
        return out;
    }

    /**
     * Reports every {@code ${} that does not start a whole reference: {@code ${vars.api} without its brace,
     * {@code ${api}} without a namespace, {@code ${}}. Left alone, such text reaches the target as it is.
     */
    public static void checkSyntax(String text, Pos pos, Problems problems) {
        if (!hasRefs(text)) {
            return;
        }
        java.util.Set<Integer> starts = new java.util.HashSet<>();
        Matcher m = REF.matcher(text);
        while (m.find()) {
            starts.add(m.group().startsWith("$$") ? m.start() + 1 : m.start());
        }
        for (int i = text.indexOf("${"); i >= 0; i = text.indexOf("${", i + 2)) {
            if (starts.contains(i) || (i > 0 && text.charAt(i - 1) == '$')) {
                continue; // a reference, or an escaped literal $${
            }
            int close = text.indexOf('}', i);
            int end = close < 0 ? text.length() : close + 1;
            String shown = text.substring(i, Math.min(end, i + 60));
            problems.add(pos.shift(i), close < 0 ? "unterminated reference '" + shown + "': no closing '}'"
                    : "malformed reference '" + shown + "'",
                    "write ${vars.name}, ${env.NAME}, ${secret.NAME} or ${item.capture}; $${ is a literal ${",
                    Math.max(2, shown.length()));
        }
    }

    public static boolean hasRefs(String text) {
        return text != null && text.contains("${");
    }

    public void capture(String itemId, String name, String value) {
        captures.computeIfAbsent(itemId, k -> new ConcurrentHashMap<>()).put(name, value);
    }

    public Redactor redactor() {
        return redactor;
    }

    public Env env() {
        return env;
    }

    /**
     * How a value is written into the text around it: as is, percent-encoded in a URL ({@link UrlSubstitution}),
     * or as an argument of a shell line ({@link ShellLine}).
     */
    public interface Encoder {
        /** The text that stands for {@code value}, given the expanded text {@code before} it and the raw text after. */
        String encode(String value, String before, String after);
    }

    /** Expands every reference; throws {@link UndefinedException} for the first one without a value. */
    public String resolve(String text) {
        return resolve(text, (value, before, after) -> value);
    }

    /** Expands every reference, each written by {@code encoder}; throws {@link UndefinedException} as resolve. */
    public String resolve(String text, Encoder encoder) {
        if (!hasRefs(text)) {
            return text;
        }
        Matcher m = REF.matcher(text);
        StringBuilder sb = new StringBuilder();
        int last = 0;
        while (m.find()) {
            String replacement;
            if (m.group().startsWith("$$")) {
                replacement = m.group().substring(1);
            } else {
                Ref ref = new Ref(m.group(1), m.group(2), m.group(3), m.start(), m.end() - m.start());
                String value = lookup(ref).orElseGet(() -> {
                    if (ref.fallback() != null) {
                        return ref.fallback();
                    }
                    throw new UndefinedException(ref, "undefined variable '" + ref.text() + "'");
                });
                replacement = encoder.encode(value, sb + text.substring(last, m.start()), text.substring(m.end()));
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
            last = m.end();
        }
        m.appendTail(sb);
        return sb.toString();
    }

    public Optional<String> lookup(Ref ref) {
        switch (ref.namespace()) {
            case "vars":
                return Optional.ofNullable(vars.get(ref.name()));
            case "env":
                return env.get(ref.name());
            case "secret":
                Optional<String> s = env.get(ref.name());
                s.ifPresent(redactor::add);
                return s;
            default:
                Map<String, String> c = captures.get(ref.namespace());
                return Optional.ofNullable(c == null ? null : c.get(ref.name()));
        }
    }
}
