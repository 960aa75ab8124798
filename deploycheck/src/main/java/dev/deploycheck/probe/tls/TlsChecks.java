package dev.deploycheck.probe.tls;

import dev.deploycheck.checklist.DidYouMean;
import dev.deploycheck.checklist.Params;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The tls kind's built-in checks, which an item may choose with {@code checks: [...]} so that one item states one
 * fact ("the chain builds to this CA": {@code checks: [trusted]}). The default is all of them; {@code insecure:
 * true} keeps only the key's strength.
 */
enum TlsChecks {
    DATES("dates"), TRUSTED("trusted"), HOSTNAME("hostname"), KEY_STRENGTH("keyStrength");

    /**
     * testssl.sh rates RSA and DSA keys under 2048 bits HIGH; for EC, 224 bits is NIST SP 800-57's floor for
     * 112-bit security (P-224 and up; P-256 and Ed25519 pass).
     */
    static final int MIN_RSA_BITS = 2048;
    static final int MIN_EC_BITS = 224;

    final String key;

    TlsChecks(String key) {
        this.key = key;
    }

    static Set<TlsChecks> read(Params params, boolean insecure) {
        if (!params.has("checks")) {
            return insecure ? EnumSet.of(KEY_STRENGTH) : EnumSet.allOf(TlsChecks.class);
        }
        if (insecure) {
            params.error("insecure", "'insecure: true' and 'checks' exclude each other: list the checks to keep");
        }
        Set<TlsChecks> out = EnumSet.noneOf(TlsChecks.class);
        for (String name : params.strings("checks")) {
            Optional<TlsChecks> c = List.of(values()).stream().filter(v -> v.key.equalsIgnoreCase(name.trim())).findFirst();
            if (c.isPresent()) {
                out.add(c.get());
            } else {
                String known = List.of(values()).stream().map(v -> v.key).collect(Collectors.joining(", "));
                params.error("checks", "unknown check '" + name + "' in 'checks'"
                        + DidYouMean.suggest(name, List.of(values()).stream().map(v -> v.key).toList())
                                .map(s -> " (did you mean '" + s + "'?)").orElse("") + "; checks: " + known);
            }
        }
        return out;
    }

    /** Why the key is too weak, or empty when it is strong enough (or of a type with no size, such as Ed25519). */
    static Optional<String> weakKey(String type, Optional<Integer> bits) {
        if (bits.isEmpty()) {
            return Optional.empty();
        }
        String t = type.toUpperCase(Locale.ROOT);
        int min = t.equals("RSA") || t.equals("DSA") ? MIN_RSA_BITS : t.equals("EC") ? MIN_EC_BITS : 0;
        return bits.get() < min ? Optional.of(type + " key of " + bits.get() + " bits (below " + min + ")")
                : Optional.empty();
    }
}
