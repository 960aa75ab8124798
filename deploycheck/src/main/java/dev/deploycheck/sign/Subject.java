package dev.deploycheck.sign;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What was deployed, as an in-toto subject: a name and a digest ({@code gitCommit} or {@code sha256}).
 * {@code --subject} forms: {@code git:<sha>}, {@code sha256:<hex>}, {@code name@sha256:<hex>}, {@code name@git:<sha>}.
 */
public record Subject(String name, String algorithm, String digest) {
    private static final Pattern GIT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public Subject {
        if (!(algorithm.equals("gitCommit") ? GIT : SHA256).matcher(digest).matches()) {
            throw new IllegalArgumentException(algorithm.equals("gitCommit")
                    ? "a git commit is 40 (or 64) hex digits, got '" + digest + "'"
                    : "a sha256 digest is 64 hex digits, got '" + digest + "'");
        }
    }

    public static Subject gitCommit(String name, String sha) {
        return new Subject(name, "gitCommit", sha.toLowerCase(Locale.ROOT));
    }

    /** Parses a {@code --subject} value; without {@code name@} the name is the value itself. */
    public static Subject parse(String spec) {
        int at = spec.lastIndexOf('@');
        String name = at > 0 ? spec.substring(0, at) : spec;
        String ref = at > 0 ? spec.substring(at + 1) : spec;
        int colon = ref.indexOf(':');
        String scheme = colon < 0 ? "" : ref.substring(0, colon);
        String value = colon < 0 ? "" : ref.substring(colon + 1).toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "git": return new Subject(name, "gitCommit", value);
            case "sha256": return new Subject(name, "sha256", value);
            default:
                throw new IllegalArgumentException("--subject '" + spec
                        + "': expected git:<sha>, sha256:<hex> or name@sha256:<hex>");
        }
    }

    public Map<String, String> digestMap() {
        return Map.of(algorithm, digest);
    }

    @Override
    public String toString() {
        return name + " (" + algorithm + ":" + digest + ")";
    }
}
