package dev.deploycheck.expect;

import java.util.Locale;

/** TLS/SSL protocol versions in order, so that {@code tls.protocol >= TLSv1.2} compares correctly. */
public enum TlsVersion implements Ordered<TlsVersion> {
    SSLv2("SSLv2"), SSLv3("SSLv3"), TLSv1("TLSv1"), TLSv1_1("TLSv1.1"), TLSv1_2("TLSv1.2"), TLSv1_3("TLSv1.3");

    private final String label;

    TlsVersion(String label) {
        this.label = label;
    }

    /** The JSSE name: {@code TLSv1.2}. */
    public String label() {
        return label;
    }

    /** Parses {@code TLSv1.2}, {@code TLS1.2}, {@code tls 1.2}, {@code TLSv1.0}. */
    public static TlsVersion parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace(" ", "").replace("V", "");
        switch (t) {
            case "SSL2": case "SSL2.0": return SSLv2;
            case "SSL3": case "SSL3.0": return SSLv3;
            case "TLS1": case "TLS1.0": return TLSv1;
            case "TLS1.1": return TLSv1_1;
            case "TLS1.2": return TLSv1_2;
            case "TLS1.3": return TLSv1_3;
            default: throw new IllegalArgumentException("not a TLS version: '" + text + "'");
        }
    }

    @Override
    public TlsVersion parseSame(String literal) {
        return parse(literal);
    }

    @Override
    public String toString() {
        return label;
    }
}
