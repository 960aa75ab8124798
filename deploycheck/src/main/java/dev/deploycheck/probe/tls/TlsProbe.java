package dev.deploycheck.probe.tls;

import dev.deploycheck.checklist.Params;
import dev.deploycheck.expect.TlsVersion;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.Probe;
import dev.deploycheck.probe.ProbeContext;
import dev.deploycheck.probe.ProbeKind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * {@code probe: tls} — connects with SNI, observes the certificate chain, trust, hostname match, validity dates,
 * the negotiated protocol and cipher, and whether TLS 1.0/1.1 are still accepted. The handshake itself accepts
 * any chain so that an untrusted server can still be observed; trust is judged afterwards and enforced by the
 * built-in checks unless {@code insecure: true}.
 */
public final class TlsProbe implements ProbeKind {
    private static final Duration LEGACY_WAIT = Duration.ofSeconds(5);

    /** The validated parameters of one item. */
    public record Spec(String host, int port, String servername, String caFile, boolean insecure, int minDaysLeft,
            Set<TlsChecks> checks) {}

    @Override
    public String name() {
        return "tls";
    }

    @Override
    public String summary() {
        return "TLS endpoint: chain trust, hostname, validity dates, protocol and cipher, legacy TLS 1.0/1.1";
    }

    @Override
    public Set<String> keys() {
        return Set.of("host", "port", "servername", "caFile", "insecure", "minDaysLeft", "checks");
    }

    @Override
    public Set<String> facts() {
        return Set.of("cert", "tls", "duration");
    }

    @Override
    public Probe create(Params params) {
        String host = params.string("host");
        int port = params.integer("port", 443, 1, 65535);
        String caFile = params.optString("caFile").filter(s -> !s.isBlank()).orElse(null);
        boolean insecure = params.bool("insecure", false);
        if (caFile != null && insecure) {
            params.error("insecure", "'insecure: true' and 'caFile' exclude each other: insecure trusts any chain");
        }
        int minDays = params.integer("minDaysLeft", 0);
        String servername = params.string("servername", host);
        if (params.has("servername") && !(params.validating() && servername.contains("${"))
                && !HostnameMatch.isIpLiteral(servername) && !validSni(servername)) {
            params.error("servername", "'servername' must be a host name or IP address, found '" + servername + "'");
        }
        Spec spec = new Spec(host, port, servername, caFile, insecure, minDays, TlsChecks.read(params, insecure));
        return ctx -> observe(spec, ctx);
    }

    private static boolean validSni(String name) {
        try {
            new SNIHostName(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static Observation observe(Spec spec, ProbeContext ctx) throws IOException {
        var pkix = Trust.pkix(spec.caFile() == null ? null : Trust.readPem(ctx.resolve(spec.caFile())));
        ChainCapture capture = new ChainCapture();
        Instant start = Instant.now();
        SSLSession session = handshake(spec, ctx.remaining(), capture);
        Duration took = Duration.between(start, Instant.now());
        X509Certificate[] chain = capture.chain();
        if (chain == null || chain.length == 0) {
            throw new IOException("TLS server " + spec.host() + ":" + spec.port() + " sent no certificate");
        }
        Observation obs = new Observation();
        obs.fact("duration", took);
        Instant now = Instant.now();
        Optional<String> untrusted = spec.checks().contains(TlsChecks.DATES) || spec.insecure()
                ? Trust.pkixError(pkix, chain, capture.authType())
                : Trust.chainErrorIgnoringDates(chain, pkix.getAcceptedIssuers());
        Optional<String> mismatch = HostnameMatch.mismatch(chain[0], spec.servername());
        List<String> dates = Trust.dateProblems(chain, pkix.getAcceptedIssuers(), now);
        obs.fact("cert", CertFacts.of(chain[0], chain.length, now, untrusted, mismatch, dates));

        TlsVersion negotiated = TlsVersion.parse(session.getProtocol());
        Map<String, Object> tls = new LinkedHashMap<>();
        tls.put("protocol", negotiated);
        tls.put("cipher", session.getCipherSuite());
        obs.fact("tls", tls);
        boolean sni = !HostnameMatch.isIpLiteral(spec.servername()) && validSni(spec.servername());
        obs.evidence("connected to " + spec.host() + ":" + spec.port() + (sni ? " (SNI " + spec.servername() + ")" : "")
                + " in "
                + took.toMillis() + "ms: " + negotiated + ", " + session.getCipherSuite());
        legacy(spec, ctx, negotiated, tls, obs);
        CertFacts.evidence(chain[0], now, obs);
        enforce(spec, obs, untrusted, mismatch, dates, chain[0], now);
        return obs;
    }

    private static void legacy(Spec spec, ProbeContext ctx, TlsVersion negotiated, Map<String, Object> tls,
            Observation obs) {
        // a silent server must not eat the whole budget: the questions get half of what is left, 5s at most; they
        // are asked at the same time (each is a new connection: over a slow link, one after the other adds up)
        Duration budget = ctx.remaining().dividedBy(2);
        Duration wait = budget.compareTo(LEGACY_WAIT) > 0 ? LEGACY_WAIT : budget;
        List<TlsVersion> versions = List.of(TlsVersion.TLSv1, TlsVersion.TLSv1_1, TlsVersion.TLSv1_2);
        Map<TlsVersion, java.util.concurrent.Future<LegacyHello.Answer>> asked = new java.util.EnumMap<>(TlsVersion.class);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(versions.size(), r -> {
            Thread t = new Thread(r, "deploycheck-tls-legacy");
            t.setDaemon(true);
            return t;
        });
        try {
            for (TlsVersion v : versions) {
                if (v != negotiated) {
                    asked.put(v, pool.submit(() -> LegacyHello.ask(spec.host(), spec.port(), spec.servername(), v, wait)));
                }
            }
            answer(versions, negotiated, asked, tls, obs);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void answer(List<TlsVersion> versions, TlsVersion negotiated,
            Map<TlsVersion, java.util.concurrent.Future<LegacyHello.Answer>> asked, Map<String, Object> tls,
            Observation obs) {
        for (TlsVersion v : versions) {
            String key = "accepts" + v.name();
            LegacyHello.Answer a;
            if (v == negotiated) {
                a = new LegacyHello.Answer(true, "negotiated");
            } else {
                try {
                    a = asked.get(v).get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    a = new LegacyHello.Answer(null, "interrupted");
                } catch (java.util.concurrent.ExecutionException e) {
                    a = new LegacyHello.Answer(null, String.valueOf(e.getCause()));
                }
            }
            if (a.accepted() == null) {
                obs.evidence("unknown whether " + v + " is accepted: " + a.detail());
                continue;
            }
            tls.put(key, a.accepted());
            if (a.accepted() && v != TlsVersion.TLSv1_2) {
                obs.evidence("LOW: " + v + " offered (deprecated protocol)");
            } else if (!a.accepted() && v == TlsVersion.TLSv1_2 && negotiated != TlsVersion.TLSv1_2) {
                obs.evidence("MEDIUM: TLSv1.2 not offered (" + a.detail() + ")");
            }
        }
    }

    private static void enforce(Spec spec, Observation obs, Optional<String> untrusted, Optional<String> mismatch,
            List<String> dates, X509Certificate leaf, Instant now) {
        Instant notAfter = leaf.getNotAfter().toInstant();
        String expired = dates.stream().filter(d -> d.contains("expired")).findFirst().orElse(null);
        String early = dates.stream().filter(d -> d.contains("not valid before")).findFirst().orElse(null);
        Set<TlsChecks> on = spec.checks();
        String off = spec.insecure() ? "not enforced (insecure: true): " : "not enforced (not in checks): ";
        // dates first: an expired certificate also breaks the chain, and "expired" is the reason to report
        if (on.contains(TlsChecks.DATES)) {
            obs.check("not expired", expired == null, expired == null ? "valid until " + notAfter : expired);
            obs.check("not yet valid", early == null, early == null ? "valid since " + leaf.getNotBefore().toInstant()
                    : early);
        } else {
            dates.forEach(d -> obs.evidence(off + d));
        }
        if (on.contains(TlsChecks.TRUSTED)) {
            obs.check("trusted chain", untrusted.isEmpty(), untrusted.map(r -> "untrusted chain: " + r)
                    .orElse("chain trusted" + (spec.caFile() == null ? " by the system store" : " by " + spec.caFile())));
        } else {
            untrusted.ifPresent(r -> obs.evidence(off + "untrusted chain: " + r));
        }
        if (on.contains(TlsChecks.HOSTNAME)) {
            obs.check("hostname", mismatch.isEmpty(), mismatch.orElse("certificate matches " + spec.servername()));
        } else {
            mismatch.ifPresent(r -> obs.evidence(off + r));
        }
        Optional<String> weak = TlsChecks.weakKey(CertFacts.keyType(leaf.getPublicKey()),
                CertFacts.keySize(leaf.getPublicKey()));
        if (on.contains(TlsChecks.KEY_STRENGTH)) {
            obs.check("key strength", weak.isEmpty(), weak.orElse("key strong enough"));
        } else {
            weak.ifPresent(r -> obs.evidence(off + r));
        }
        if (spec.minDaysLeft() > 0) {
            long left = CertFacts.daysLeft(leaf, now);
            obs.check("days left", left >= spec.minDaysLeft(),
                    left + " days left (minDaysLeft " + spec.minDaysLeft() + ")");
        }
    }

    private static SSLSession handshake(Spec spec, Duration budget, ChainCapture capture)
            throws IOException {
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, budget.toMillis()));
        String where = spec.host() + ":" + spec.port();
        Socket raw = new Socket();
        try {
            raw.connect(new InetSocketAddress(spec.host(), spec.port()), millis);
        } catch (ConnectException e) {
            raw.close();
            throw new IOException("connection refused: " + where, e);
        } catch (SocketTimeoutException e) {
            raw.close();
            throw new IOException("connect timed out after " + millis + "ms: " + where, e);
        } catch (UnknownHostException e) {
            raw.close();
            throw new IOException("unknown host: " + spec.host(), e);
        }
        try (SSLSocket s = (SSLSocket) Trust.context(capture).getSocketFactory()
                .createSocket(raw, spec.servername(), spec.port(), true)) {
            s.setSoTimeout(millis);
            SSLParameters p = s.getSSLParameters();
            if (!HostnameMatch.isIpLiteral(spec.servername()) && validSni(spec.servername())) {
                p.setServerNames(List.of(new SNIHostName(spec.servername())));
            }
            s.setSSLParameters(p);
            s.startHandshake();
            return s.getSession();
        } catch (SocketTimeoutException e) {
            throw new IOException("TLS handshake timed out after " + millis + "ms: " + where, e);
        } catch (SSLException e) {
            throw new IOException("TLS handshake with " + where + " failed: " + Trust.rootMessage(e), e);
        } finally {
            raw.close();
        }
    }
}
