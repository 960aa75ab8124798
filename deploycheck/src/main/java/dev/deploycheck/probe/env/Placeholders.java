package dev.deploycheck.probe.env;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recognises values copied from a template instead of set for real: {@code changeme}, {@code your-api-key},
 * {@code xxx}, {@code <token>}, {@code sk-...}, {@code example.com}, {@code secret}, {@code password}, {@code todo}.
 * Returns the name of the rule that matched, never the value (it may be a real secret after all).
 */
final class Placeholders {
    private static final Set<String> WORDS = Set.of(
            "changeme", "change-me", "change_me", "changethis", "change-this", "change_this", "changeit",
            "replaceme", "replace-me", "replace_me", "todo", "tbd", "fixme", "secret", "mysecret", "my-secret",
            "password", "passwd", "pass", "pwd", "mypassword", "example", "sample", "test", "testing",
            "dummy", "placeholder", "null", "undefined", "foo", "bar", "foobar", "baz",
            "123", "1234", "12345", "123456", "12345678", "123456789", "admin", "root", "key", "token", "api-key",
            "apikey", "api_key", "value", "string", "insert", "redacted", "qwerty", "letmein", "abc", "abc123");
    private static final List<Rule> RULES = List.of(
            new Rule("enclosed in <...>", Pattern.compile("^<.*>$")),
            new Rule("template {{...}}", Pattern.compile("^\\{\\{.*}}$")),
            new Rule("unexpanded ${...}", Pattern.compile("^\\$\\{.*}$")),
            new Rule("starts with your/insert/enter",
                    Pattern.compile("^(your|insert|enter)[-_ .]", Pattern.CASE_INSENSITIVE)),
            new Rule("says change/replace me",
                    Pattern.compile("(change|replace|update)[-_ ]?(me|this|it)\\b", Pattern.CASE_INSENSITIVE)),
            new Rule("contains todo/fixme/tbd", Pattern.compile("(^|[^a-z])(todo|fixme|tbd)([^a-z]|$)",
                    Pattern.CASE_INSENSITIVE)),
            new Rule("a run of x's", Pattern.compile("(^|[^a-z0-9])x{3,}([^a-z0-9]|$)", Pattern.CASE_INSENSITIVE)),
            new Rule("an ellipsis", Pattern.compile("\\.\\.\\.|\u2026")),
            new Rule("ends with -here", Pattern.compile("[-_ ]here$", Pattern.CASE_INSENSITIVE)),
            new Rule("an example domain",
                    Pattern.compile("(^|[.@/])example\\.(com|org|net)\\b", Pattern.CASE_INSENSITIVE)));

    private record Rule(String name, Pattern pattern) {}

    private Placeholders() {}

    /** The rule a value matches, or empty when it looks real. */
    static Optional<String> match(String name, String value) {
        String v = value.strip();
        String lower = v.toLowerCase(Locale.ROOT).replaceAll("^['\"]|['\"]$", "");
        if (WORDS.contains(lower)) {
            return Optional.of("a placeholder word");
        }
        if (lower.equalsIgnoreCase(name)) {
            return Optional.of("the variable's own name");
        }
        for (Rule r : RULES) {
            if (r.pattern().matcher(v).find()) {
                return Optional.of(r.name());
            }
        }
        return urlPassword(v).filter(p -> WORDS.contains(p.toLowerCase(Locale.ROOT)))
                .map(p -> "a placeholder password in the URL");
    }

    private static Optional<String> urlPassword(String v) {
        if (!v.contains("://") || !v.contains("@")) {
            return Optional.empty();
        }
        try {
            String info = URI.create(v).getUserInfo();
            return info != null && info.contains(":") ? Optional.of(info.substring(info.indexOf(':') + 1))
                    : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
