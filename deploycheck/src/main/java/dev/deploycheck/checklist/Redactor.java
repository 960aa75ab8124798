package dev.deploycheck.checklist;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Knows every secret value of a run and masks it in any text before it is printed or written.
 *
 * <p>Each secret is masked in the forms a target is likely to echo it back in as well: base64 (standard and URL-safe,
 * also inside a longer encoded value such as a Basic credential), percent-encoded ({@code %20} or {@code +} for a
 * space) and JSON- or HTML-escaped (see {@link SecretForms}). Values shorter than four characters are not masked
 * (they would blank out ordinary words).
 *
 * <p>Text that is cut for display must be masked before it is cut ({@link #cut}), or the part of a secret before
 * the cut escapes. As a second line of defence {@link #mask} also masks the start of a secret (in any of its forms) that ends a text or
 * comes right before an ellipsis, the mark of a cut made elsewhere.
 */
public final class Redactor {
    public static final String MASK = "********";
    /** The shortest start of a secret masked where a text was cut: shorter starts are ordinary letters. */
    static final int MIN_PARTIAL = 3;
    private final Set<String> secrets = ConcurrentHashMap.newKeySet();
    private final Set<String> forms = ConcurrentHashMap.newKeySet();
    private final Set<String> encoded = ConcurrentHashMap.newKeySet();
    // longest first, so that a secret containing another is masked whole; rebuilt on add, read on every mask
    private volatile List<String> ordered = List.of();
    private volatile List<String> base64 = List.of();

    public void add(String secret) {
        if (secret != null && secret.length() >= 4 && secrets.add(secret)) {
            synchronized (this) {
                forms.addAll(SecretForms.of(secret));
                encoded.addAll(SecretForms.base64(secret));
                base64 = List.copyOf(encoded);
                ordered = forms.stream().sorted(Comparator.comparingInt(String::length).reversed())
                        .collect(Collectors.toUnmodifiableList());
            }
        }
    }

    public boolean isEmpty() {
        return secrets.isEmpty();
    }

    public String mask(String text) {
        List<String> snapshot = ordered;
        if (text == null || snapshot.isEmpty()) {
            return text;
        }
        String out = maskBase64Words(text);
        for (String s : snapshot) {
            if (out.contains(s)) {
                out = out.replace(s, MASK);
            }
        }
        return maskCutStarts(out);
    }

    /** The text masked, then cut to at most {@code max} characters (ending in "..." when cut). */
    public String cut(String text, int max) {
        String masked = mask(text);
        if (masked == null || masked.length() <= max) {
            return masked;
        }
        return masked.substring(0, Math.max(0, max - 3)) + "...";
    }

    /** Masks every base64 word that holds a base64 form of a secret: the word's edges carry secret bits too. */
    private String maskBase64Words(String text) {
        String out = text;
        for (String form : base64) {
            int at = out.indexOf(form);
            while (at >= 0) {
                int start = at;
                int end = at + form.length();
                while (start > 0 && SecretForms.base64Char(out.charAt(start - 1))) {
                    start--;
                }
                while (end < out.length() && SecretForms.base64Char(out.charAt(end))) {
                    end++;
                }
                out = out.substring(0, start) + MASK + out.substring(end);
                at = out.indexOf(form, start + MASK.length());
            }
        }
        return out;
    }

    /** Masks the longest start of a secret that ends the text or a line, or precedes "..." or "…". */
    private String maskCutStarts(String text) {
        List<String> snapshot = ordered;
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        for (int end = 0; end <= text.length(); end++) {
            boolean cut = end == text.length() || text.charAt(end) == '\n' || text.charAt(end) == '…'
                    || text.startsWith("...", end);
            if (!cut) {
                continue;
            }
            int head = longestSecretStartEndingAt(text, from, end, snapshot);
            out.append(text, from, end - head).append(head > 0 ? MASK : "");
            from = end;
            if (text.startsWith("...", end)) {
                end += 2;
            }
        }
        return out.toString();
    }

    /** The length of the longest start of a secret (at least {@link #MIN_PARTIAL}) that text[from, end) ends with. */
    private static int longestSecretStartEndingAt(String text, int from, int end, List<String> secrets) {
        int best = 0;
        for (String s : secrets) {
            for (int len = Math.min(s.length() - 1, end - from); len >= Math.max(MIN_PARTIAL, best + 1); len--) {
                if (text.regionMatches(end - len, s, 0, len)) {
                    best = len;
                    break;
                }
            }
        }
        return best;
    }
}
