package dev.deploycheck.checklist;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Knows every secret value of a run and masks it in any text before it is printed or written.
 * Values shorter than four characters are not masked (they would blank out ordinary words).
 */
public final class Redactor {
    public static final String MASK = "********";
    private final Set<String> secrets = ConcurrentHashMap.newKeySet();
    // longest first, so that a secret containing another is masked whole; rebuilt on add, read on every mask
    private volatile List<String> ordered = List.of();

    public void add(String secret) {
        if (secret != null && secret.length() >= 4 && secrets.add(secret)) {
            synchronized (this) {
                ordered = secrets.stream().sorted(Comparator.comparingInt(String::length).reversed())
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
        String out = text;
        for (String s : snapshot) {
            if (out.contains(s)) {
                out = out.replace(s, MASK);
            }
        }
        return out;
    }
}
