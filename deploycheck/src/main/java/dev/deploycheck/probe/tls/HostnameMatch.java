package dev.deploycheck.probe.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;

/**
 * Matches a host name against a certificate the way the JDK's HTTPS endpoint identification does (RFC 2818 /
 * RFC 6125): IP literals against IP SANs; names against DNS SANs, falling back to the subject CN only when the
 * certificate has no DNS SAN; a {@code *} wildcard stands for exactly one whole left-most label.
 */
public final class HostnameMatch {
    private static final Pattern CN = Pattern.compile("(?:^|,)\\s*CN=((?:[^,\\\\]|\\\\.)*)");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private HostnameMatch() {}

    /** The names a certificate is valid for, as {@code DNS:name} / {@code IP:addr}. */
    public static List<String> sans(X509Certificate cert) {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> all = cert.getSubjectAlternativeNames();
            if (all != null) {
                for (List<?> san : all) {
                    int type = (Integer) san.get(0);
                    if (type == 2) {
                        out.add("DNS:" + san.get(1));
                    } else if (type == 7) {
                        out.add("IP:" + san.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // an unparsable extension matches nothing
        }
        return out;
    }

    /** Empty when {@code host} matches, otherwise the reason. */
    public static Optional<String> mismatch(X509Certificate cert, String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        List<String> sans = sans(cert);
        if (isIpLiteral(h)) {
            for (String s : sans) {
                if (s.startsWith("IP:") && sameAddress(s.substring(3), h)) {
                    return Optional.empty();
                }
            }
            return Optional.of("IP address " + host + " is not among the certificate's IP SANs " + sans);
        }
        List<String> names = new ArrayList<>();
        sans.stream().filter(s -> s.startsWith("DNS:")).forEach(s -> names.add(s.substring(4)));
        String source = "SANs " + sans;
        if (names.isEmpty()) {
            Matcher m = CN.matcher(cert.getSubjectX500Principal().getName(X500Principal.RFC2253));
            if (m.find()) {
                names.add(m.group(1));
            }
            source = "subject CN " + names + " (no DNS SAN)";
        }
        for (String n : names) {
            if (matches(n.toLowerCase(Locale.ROOT), h)) {
                return Optional.empty();
            }
        }
        return Optional.of("hostname '" + host + "' does not match the certificate's " + source);
    }

    static boolean matches(String pattern, String host) {
        String p = pattern.endsWith(".") ? pattern.substring(0, pattern.length() - 1) : pattern;
        if (!p.startsWith("*.")) {
            return p.equals(host);
        }
        int dot = host.indexOf('.');
        // the wildcard covers one label, and never a bare public suffix such as *.com
        return dot > 0 && p.substring(2).indexOf('.') > 0 && host.substring(dot + 1).equals(p.substring(2));
    }

    static boolean isIpLiteral(String host) {
        return IPV4.matcher(host).matches() || host.contains(":");
    }

    private static boolean sameAddress(String a, String b) {
        try {
            return InetAddress.getByName(a).equals(InetAddress.getByName(b.replace("[", "").replace("]", "")));
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
