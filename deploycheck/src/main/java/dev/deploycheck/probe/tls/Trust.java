package dev.deploycheck.probe.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trust decisions shared by every probe that speaks TLS: a PEM CA bundle or the JDK's trust store, and the date
 * checks the JDK skips. The JDK never date-checks a trust anchor, so an expired self-signed certificate given as
 * the CA would be accepted; {@link #strict} checks notBefore/notAfter of every certificate, anchor included.
 */
public final class Trust {
    private Trust() {}

    /** Every certificate in a PEM (or DER) file. */
    public static List<X509Certificate> readPem(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IOException("cannot read caFile " + file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IOException("no certificate in " + file);
            }
            return out;
        } catch (CertificateException e) {
            throw new IOException("cannot read certificates from " + file + ": " + e.getMessage(), e);
        }
    }

    /** The JDK's PKIX trust manager over the given anchors, or over the system store when {@code anchors} is null. */
    public static X509ExtendedTrustManager pkix(List<X509Certificate> anchors) throws IOException {
        try {
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (anchors == null) {
                f.init((KeyStore) null);
            } else {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                for (int i = 0; i < anchors.size(); i++) {
                    ks.setCertificateEntry("ca-" + i, anchors.get(i));
                }
                f.init(ks);
            }
            for (TrustManager tm : f.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager) {
                    return (X509ExtendedTrustManager) tm;
                }
            }
            throw new IOException("no X509 trust manager available");
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build trust store: " + e.getMessage(), e);
        }
    }

    /** PKIX (chain and, through the engine, hostname) plus the validity dates of every certificate and anchor. */
    public static X509ExtendedTrustManager strict(Path caFile) throws IOException {
        return new Strict(pkix(caFile == null ? null : readPem(caFile)));
    }

    /** Accepts any chain and skips the hostname check (an extended trust manager owns that check). */
    public static X509ExtendedTrustManager insecure() {
        return new Strict(null);
    }

    public static SSLContext context(TrustManager tm) throws IOException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {tm}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot create TLS context: " + e.getMessage(), e);
        }
    }

    /** Why the chain is not trusted, or empty when it is. */
    public static Optional<String> pkixError(X509ExtendedTrustManager tm, X509Certificate[] chain, String authType) {
        try {
            tm.checkServerTrusted(chain, authType);
            return Optional.empty();
        } catch (CertificateException e) {
            return Optional.of(rootMessage(e));
        } catch (RuntimeException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }

    /**
     * Whether the chain builds to one of {@code anchors}, judged at a moment when every certificate in it is
     * valid (the latest notBefore): trust alone, for an item whose {@code checks} leave dates out. A chain whose
     * validity windows never overlap is judged at the leaf's notBefore, and fails on the dates it cannot escape.
     */
    public static Optional<String> chainErrorIgnoringDates(X509Certificate[] chain, X509Certificate[] anchors) {
        Instant at = chain[0].getNotBefore().toInstant();
        for (X509Certificate c : chain) {
            Instant nb = c.getNotBefore().toInstant();
            at = nb.isAfter(at) ? nb : at;
        }
        for (X509Certificate c : chain) {
            if (at.isAfter(c.getNotAfter().toInstant())) {
                at = chain[0].getNotBefore().toInstant();
                break;
            }
        }
        try {
            java.util.Set<java.security.cert.TrustAnchor> trust = new java.util.HashSet<>();
            for (X509Certificate a : anchors) {
                trust.add(new java.security.cert.TrustAnchor(a, null));
            }
            if (trust.isEmpty()) {
                return Optional.of("no trusted roots to build the chain to");
            }
            List<X509Certificate> path = new ArrayList<>(Arrays.asList(chain));
            while (path.size() > 1 && Arrays.asList(anchors).contains(path.get(path.size() - 1))) {
                path.remove(path.size() - 1); // the anchor itself is not part of the path
            }
            java.security.cert.PKIXParameters params = new java.security.cert.PKIXParameters(trust);
            params.setRevocationEnabled(false);
            params.setDate(java.util.Date.from(at.plusSeconds(1)));
            java.security.cert.CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(path), params);
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            return Optional.of(rootMessage(e));
        }
    }

    /** The anchor that issued the last certificate of the chain (the chain's own root when self-signed). */
    public static Optional<X509Certificate> anchorFor(X509Certificate[] chain, X509Certificate[] anchors) {
        X509Certificate last = chain[chain.length - 1];
        for (X509Certificate a : anchors) {
            if (a.equals(last)) {
                return Optional.of(a);
            }
        }
        for (X509Certificate a : anchors) {
            if (a.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
                try {
                    last.verify(a.getPublicKey());
                    return Optional.of(a);
                } catch (GeneralSecurityException e) {
                    // same name, different key: keep looking
                }
            }
        }
        return Optional.empty();
    }

    /** One line per certificate (chain and anchor) that is expired or not yet valid at {@code now}. */
    public static List<String> dateProblems(X509Certificate[] chain, X509Certificate[] anchors, Instant now) {
        List<X509Certificate> all = new ArrayList<>(Arrays.asList(chain));
        anchorFor(chain, anchors).filter(a -> !all.contains(a)).ifPresent(all::add);
        List<String> out = new ArrayList<>();
        for (X509Certificate c : all) {
            String who = "'" + c.getSubjectX500Principal().getName() + "'" + (c == all.get(0) ? "" : " (chain)");
            if (now.isAfter(c.getNotAfter().toInstant())) {
                out.add("certificate " + who + " expired on " + c.getNotAfter().toInstant());
            } else if (now.isBefore(c.getNotBefore().toInstant())) {
                out.add("certificate " + who + " is not valid before " + c.getNotBefore().toInstant());
            }
        }
        return out;
    }

    /** The message of an exception with its root cause, on one line, in words ({@link dev.deploycheck.probe.Reasons}). */
    public static String rootMessage(Throwable e) {
        return dev.deploycheck.probe.Reasons.of(e);
    }

    /** Delegates to PKIX (when given), then rejects any expired or not-yet-valid certificate, anchor included. */
    private static final class Strict extends ServerTrustManager {
        private final X509ExtendedTrustManager pkix;

        Strict(X509ExtendedTrustManager pkix) {
            this.pkix = pkix;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            if (pkix != null) {
                pkix.checkServerTrusted(chain, authType, socket);
                dates(chain);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            if (pkix != null) {
                pkix.checkServerTrusted(chain, authType, engine);
                dates(chain);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (pkix != null) {
                pkix.checkServerTrusted(chain, authType);
                dates(chain);
            }
        }

        private void dates(X509Certificate[] chain) throws CertificateException {
            List<String> problems = dateProblems(chain, pkix.getAcceptedIssuers(), Instant.now());
            if (!problems.isEmpty()) {
                throw new CertificateException(String.join("; ", problems));
            }
        }



        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return pkix == null ? new X509Certificate[0] : pkix.getAcceptedIssuers();
        }
    }
}
