package dev.deploycheck.probe.tls;

import dev.deploycheck.probe.Observation;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/** The {@code cert} fact of a leaf certificate, and the testssl-style severity lines about it. */
final class CertFacts {
    private CertFacts() {}

    static Map<String, Object> of(X509Certificate leaf, int chainLength, Instant now, Optional<String> untrusted,
            Optional<String> mismatch, List<String> dateProblems) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", leaf.getSubjectX500Principal().getName(X500Principal.RFC2253));
        m.put("issuer", leaf.getIssuerX500Principal().getName(X500Principal.RFC2253));
        m.put("serial", leaf.getSerialNumber().toString(16));
        m.put("notBefore", leaf.getNotBefore().toInstant());
        m.put("notAfter", leaf.getNotAfter().toInstant());
        m.put("daysLeft", daysLeft(leaf, now));
        m.put("lifetimeDays", lifetimeDays(leaf));
        m.put("keyType", keyType(leaf.getPublicKey()));
        keySize(leaf.getPublicKey()).ifPresent(n -> m.put("keySize", n));
        m.put("signatureAlgorithm", leaf.getSigAlgName());
        m.put("sans", HostnameMatch.sans(leaf).stream().map(s -> s.substring(s.indexOf(':') + 1)).toList());
        m.put("chainLength", chainLength);
        m.put("trusted", untrusted.isEmpty());
        untrusted.ifPresent(r -> m.put("trustError", r));
        m.put("hostnameMatch", mismatch.isEmpty());
        m.put("expired", dateProblems.stream().anyMatch(d -> d.contains("expired")));
        m.put("selfSigned", leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal()));
        return m;
    }

    /** Whole days until notAfter, negative once expired. */
    static long daysLeft(X509Certificate c, Instant now) {
        return Math.floorDiv(Duration.between(now, c.getNotAfter().toInstant()).toSeconds(), 86400);
    }

    static long lifetimeDays(X509Certificate c) {
        return Duration.between(c.getNotBefore().toInstant(), c.getNotAfter().toInstant()).toDays();
    }

    static String keyType(PublicKey k) {
        String a = k.getAlgorithm();
        return "EdDSA".equals(a) || "Ed25519".equals(a) ? "Ed25519" : a;
    }

    static Optional<Integer> keySize(PublicKey k) {
        if (k instanceof RSAPublicKey) {
            return Optional.of(((RSAPublicKey) k).getModulus().bitLength());
        }
        if (k instanceof ECPublicKey) {
            return Optional.of(((ECPublicKey) k).getParams().getCurve().getField().getFieldSize());
        }
        return Optional.empty();
    }

    /** Severity lines with testssl.sh's thresholds. */
    static void evidence(X509Certificate leaf, Instant now, Observation obs) {
        long left = daysLeft(leaf, now);
        String subject = leaf.getSubjectX500Principal().getName(X500Principal.RFC2253);
        obs.evidence("certificate " + subject + ", issued by "
                + leaf.getIssuerX500Principal().getName(X500Principal.RFC2253) + ", valid until "
                + leaf.getNotAfter().toInstant() + " (" + left + " days left)");
        if (now.isAfter(leaf.getNotAfter().toInstant())) {
            obs.evidence("CRITICAL: certificate expired on " + leaf.getNotAfter().toInstant());
        } else if (left < 30) {
            obs.evidence("HIGH: certificate expires in " + left + " days (fewer than 30)");
        } else if (left < 60) {
            obs.evidence("MEDIUM: certificate expires in " + left + " days (fewer than 60)");
        }
        long lifetime = lifetimeDays(leaf);
        if (lifetime > 398) {
            obs.evidence("MEDIUM: certificate lifetime " + lifetime + " days (over 398)");
        }
        Optional<Integer> size = keySize(leaf.getPublicKey());
        String type = keyType(leaf.getPublicKey());
        if ("RSA".equals(type) && size.isPresent() && size.get() < 2048) {
            obs.evidence("HIGH: RSA key of " + size.get() + " bits (below 2048)");
        }
        String sig = leaf.getSigAlgName().toUpperCase(Locale.ROOT);
        if (sig.startsWith("MD5") || sig.startsWith("SHA1")) {
            obs.evidence("HIGH: weak signature algorithm " + leaf.getSigAlgName());
        }
    }
}
