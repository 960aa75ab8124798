import java.io.ByteArrayOutputStream;
import dev.deploycheck.expect.TlsVersion;
import dev.deploycheck.probe.tls.HostnameMatch;
import dev.deploycheck.probe.tls.LegacyHello;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * bench/tls-cold.sh's helper: the steps of deploycheck's {@code tls} probe (probe/tls/TlsProbe.observe, Trust,
 * HostnameMatch, CertFacts, LegacyHello), in the same order and with the same JDK calls, each timed with
 * System.nanoTime, in a fresh JVM. The host-name match and the legacy-version hellos call deploycheck's own
 * HostnameMatch and LegacyHello (deploycheck.jar on the class path, in every class-data archive variant too);
 * the rest repeats the probe's JDK calls step by step, because the probe does them in one method. Before every step it loads a marker class (TlsCold$M&lt;n&gt;), so that a -Xlog:class+load log
 * can be cut into the classes each step loaded.
 *
 * Usage: java -cp DIR TlsCold LAUNCH_EPOCH_NANOS HOST PORT CA_PEM [--split MSG SIG] [--repeat N]
 *   --split: before the handshake, time the crypto the handshake and PKIX will use, cold, on their own (X25519,
 *            RSA-PSS verify of an openssl signature over MSG, AES-256-GCM, HmacSHA384, SHA256withRSA cert verify)
 *   --repeat N: run the whole item N times in this JVM; prints every round (round 1 is the cold one)
 *   --busy MS: spin the main thread MS ms before the item (deploycheck's own start-up work before its first item)
 *   --prewarm: at main, start a thread doing the target-independent TLS set-up (see prewarm())
 * Output: one "round<TAB>step<TAB>ms<TAB>marker" line per step (milliseconds with two decimals; in round 1 the step
 * loaded the classes logged between the markers TlsCold$M&lt;marker-1&gt; and TlsCold$M&lt;marker&gt;).
 */
public final class TlsCold {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private static int marks;
    private static long last;
    private static int round = 1;
    private static final StringBuilder OUT = new StringBuilder();

    // marker classes, one per step boundary (loaded by name, so they show in -Xlog:class+load)
    static final class M0 {} static final class M1 {} static final class M2 {} static final class M3 {}
    static final class M4 {} static final class M5 {} static final class M6 {} static final class M7 {}
    static final class M8 {} static final class M9 {} static final class M10 {} static final class M11 {}
    static final class M12 {} static final class M13 {} static final class M14 {} static final class M15 {}
    static final class M16 {} static final class M17 {} static final class M18 {} static final class M19 {}
    static final class M20 {} static final class M21 {} static final class M22 {} static final class M23 {}

    /** Ends the step {@code name}: records its time, then loads the next marker class. */
    private static void step(String name) {
        long now = System.nanoTime();
        OUT.append(round).append('\t').append(name).append('\t')
                .append(String.format(Locale.ROOT, "%.2f", (now - last) / 1e6)).append('\t').append(marks)
                .append('\n');
        mark();
        last = System.nanoTime();
    }

    private static void mark() {
        if (round == 1) {
            try {
                Class.forName("TlsCold$M" + marks++);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        long mainAt = System.currentTimeMillis();
        long launched = Long.parseLong(args[0]);
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        Path ca = Path.of(args[3]);
        Path msg = null, sig = null;
        int repeat = 1;
        for (int i = 4; i < args.length; i++) {
            if (args[i].equals("--split")) {
                msg = Path.of(args[++i]);
                sig = Path.of(args[++i]);
            } else if (args[i].equals("--repeat")) {
                repeat = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--prewarm")) {
                prewarm = true;
            } else if (args[i].equals("--busy")) {
                busy = Integer.parseInt(args[++i]);
            }
        }
        Thread warmer = null;
        if (prewarm) {
            warmer = new Thread(TlsCold::prewarm, "tls-prewarm");
            warmer.setDaemon(true);
            warmer.start();
        }
        if (busy > 0) {
            // stands for deploycheck's own single-threaded start-up work before its first item (cli + load phases)
            long until = System.nanoTime() + busy * 1_000_000L;
            long x = 0;
            while (System.nanoTime() < until) {
                x += Long.numberOfTrailingZeros(x + 1);
            }
            OUT.append("1\t(busy main thread before the item, ").append(busy).append(" ms").append(x < 0 ? "!" : "")
                    .append(prewarm ? ", prewarm thread running" : "").append(")\t").append(busy).append(".00\t-\n");
        }
        OUT.append("1\tjvm start to main\t").append(mainAt - launched / 1_000_000L).append(".00\t0\n");
        mark();
        last = System.nanoTime();
        // deploycheck has used lambdas, string concatenation (invokedynamic) and threads long before its first item:
        // paid here, outside the item's steps
        Runnable r = () -> {};
        r.run();
        String s = "x" + port + host;
        step("(prelude: first lambda + indy string concat; deploycheck pays these before any item)" + s.substring(0, 0));
        for (; round <= repeat; round++) {
            long t0 = System.nanoTime();
            last = t0;
            item(host, port, ca, msg, sig);
            long t1 = System.nanoTime();
            OUT.append(round).append("\tTOTAL item\t").append(String.format(Locale.ROOT, "%.2f", (t1 - t0) / 1e6))
                    .append("\t-\n");
        }
        System.out.print(OUT);
        System.out.flush();
    }

    private static boolean prewarm;
    private static int busy;

    /**
     * The candidate change: target-independent TLS set-up on a background thread while the main thread is busy
     * with other start-up work: JCA providers, X.509 parsing, PKIX trust manager, SSLContext, and a ClientHello
     * produced by an SSLEngine into a buffer (cipher suites, X25519 key share), no network.
     */
    private static void prewarm() {
        try {
            CertificateFactory.getInstance("X.509");
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm()).init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new Capture()}, null);
            SSLEngine e = ctx.createSSLEngine("localhost", 443);
            e.setUseClientMode(true);
            e.beginHandshake();
            e.wrap(java.nio.ByteBuffer.allocate(0), java.nio.ByteBuffer.allocate(e.getSession().getPacketBufferSize()));
            Signature.getInstance("RSASSA-PSS");
        } catch (Exception e) {
            // a failed warm-up only costs its time
        }
    }

    private static void item(String host, int port, Path ca, Path msg, Path sig) throws Exception {
        // Trust.readPem
        List<X509Certificate> anchors = new ArrayList<>();
        try (InputStream in = Files.newInputStream(ca)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                anchors.add((X509Certificate) c);
            }
        }
        step("caFile: CertificateFactory X.509 + PEM parse");
        // Trust.pkix
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        for (int i = 0; i < anchors.size(); i++) {
            ks.setCertificateEntry("ca-" + i, anchors.get(i));
        }
        f.init(ks);
        X509ExtendedTrustManager pkix = null;
        for (TrustManager tm : f.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager) {
                pkix = (X509ExtendedTrustManager) tm;
                break;
            }
        }
        step("trust: TrustManagerFactory PKIX + KeyStore " + KeyStore.getDefaultType());
        // TlsProbe.handshake
        Socket raw = new Socket();
        raw.connect(new InetSocketAddress(host, port), 10_000);
        step("TCP connect (name lookup + socket)");
        Capture capture = new Capture();
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {capture}, null);
        step("SSLContext.getInstance(TLS) + init (SecureRandom, suites)");
        SSLSocket ssl = (SSLSocket) ctx.getSocketFactory().createSocket(raw, host, port, true);
        ssl.setSoTimeout(10_000);
        SSLParameters p = ssl.getSSLParameters();
        if (!IPV4.matcher(host).matches() && !host.contains(":")) {
            p.setServerNames(List.of(new SNIHostName(host)));
        }
        ssl.setSSLParameters(p);
        step("createSocket + SSLParameters (SNI)");
        if (msg != null) {
            split(msg, sig, anchors.get(0));
        }
        capture.handshakeStart = System.nanoTime();
        ssl.startHandshake();
        String protocol = ssl.getSession().getProtocol();
        String cipher = ssl.getSession().getCipherSuite();
        ssl.close();
        raw.close();
        // two sub-steps, cut at the moment the trust manager is handed the server's certificates
        OUT.append(round).append("\thandshake 1: ClientHello (key share) .. server Certificate received\t")
                .append(String.format(Locale.ROOT, "%.2f", (capture.at - capture.handshakeStart) / 1e6)).append('\t')
                .append(capture.marker).append('\n');
        last = capture.at;
        step("handshake 2: CertificateVerify .. Finished, close (" + protocol + " " + cipher + ")");
        X509Certificate[] chain = capture.chain;
        // Trust.pkixError (checks contain DATES by default)
        String untrusted = null;
        try {
            pkix.checkServerTrusted(chain, capture.authType);
        } catch (Exception e) {
            untrusted = String.valueOf(e.getMessage());
        }
        if (untrusted != null) {
            throw new IllegalStateException("untrusted: " + untrusted);
        }
        step("PKIX path validation (checkServerTrusted)");
        // HostnameMatch.mismatch, Trust.dateProblems, CertFacts.of + evidence, TlsProbe.enforce (key strength)
        Instant now = Instant.now();
        boolean match = HostnameMatch.mismatch(chain[0], host).isEmpty();
        List<String> dates = dateProblems(chain, pkix.getAcceptedIssuers(), now);
        facts(chain[0], now, match, dates);
        step("hostname + dates (anchor verify) + cert facts");
        legacy(host, port, protocol);
        step("legacy TLS 1.0/1.1/1.2 ClientHellos (3 threads, 3 connections)");
    }

    /** The crypto of a TLS 1.3 handshake with an RSA server and of PKIX, cold and on its own. */
    private static void split(Path msg, Path sig, X509Certificate ca) throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("X25519");
        KeyPair a = kpg.generateKeyPair();
        KeyPair b = kpg.generateKeyPair();
        KeyAgreement ka = KeyAgreement.getInstance("X25519");
        ka.init(a.getPrivate());
        ka.doPhase(b.getPublic(), true);
        byte[] shared = ka.generateSecret();
        step("split: X25519 2 keygens + agreement");
        X509Certificate leaf = leafFromServerPem(ca);
        Signature pss = Signature.getInstance("RSASSA-PSS");
        pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        pss.initVerify(leaf.getPublicKey());
        pss.update(Files.readAllBytes(msg));
        if (!pss.verify(Files.readAllBytes(sig))) {
            throw new IllegalStateException("RSA-PSS signature did not verify");
        }
        step("split: RSA-PSS SHA-256 verify (CertificateVerify)");
        Mac mac = Mac.getInstance("HmacSHA384");
        mac.init(new SecretKeySpec(shared, "HmacSHA384"));
        for (int i = 0; i < 20; i++) {
            mac.update(shared);
            shared = java.util.Arrays.copyOf(mac.doFinal(), 32);
        }
        step("split: HmacSHA384 x20 (HKDF key schedule)");
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        byte[] key = java.util.Arrays.copyOf(shared, 32);
        for (int i = 0; i < 4; i++) {
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, new byte[12 + i]));
            gcm.doFinal(new byte[1200]);
        }
        step("split: AES-256-GCM x4 records");
        leaf.verify(ca.getPublicKey());
        step("split: SHA256withRSA certificate signature verify (PKIX)");
    }

    private static X509Certificate serverLeaf;

    private static X509Certificate leafFromServerPem(X509Certificate ca) throws Exception {
        if (serverLeaf == null) {
            Path leaf = Path.of(System.getProperty("tlscold.leaf", "s.pem"));
            try (InputStream in = Files.newInputStream(leaf)) {
                serverLeaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
        }
        return serverLeaf;
    }

    static final class Capture extends X509ExtendedTrustManager {
        volatile X509Certificate[] chain;
        volatile String authType = "UNKNOWN";
        volatile long at;
        long handshakeStart;

        volatile int marker;

        private void keep(X509Certificate[] c, String t) {
            at = System.nanoTime();
            marker = marks;
            mark();
            chain = c.clone();
            authType = t;
        }

        @Override public void checkServerTrusted(X509Certificate[] c, String t, Socket s) { keep(c, t); }
        @Override public void checkServerTrusted(X509Certificate[] c, String t, SSLEngine e) { keep(c, t); }
        @Override public void checkServerTrusted(X509Certificate[] c, String t) { keep(c, t); }
        @Override public void checkClientTrusted(X509Certificate[] c, String t, Socket s) {}
        @Override public void checkClientTrusted(X509Certificate[] c, String t, SSLEngine e) {}
        @Override public void checkClientTrusted(X509Certificate[] c, String t) {}
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }

    // Trust.anchorFor + dateProblems
    private static List<String> dateProblems(X509Certificate[] chain, X509Certificate[] anchors, Instant now)
            throws Exception {
        List<X509Certificate> all = new ArrayList<>(List.of(chain));
        X509Certificate last = chain[chain.length - 1];
        for (X509Certificate a : anchors) {
            if (!a.equals(last) && a.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
                last.verify(a.getPublicKey());
                all.add(a);
            }
        }
        List<String> out = new ArrayList<>();
        for (X509Certificate c : all) {
            String who = "'" + c.getSubjectX500Principal().getName() + "'";
            if (now.isAfter(c.getNotAfter().toInstant())) {
                out.add("certificate " + who + " expired on " + c.getNotAfter().toInstant());
            } else if (now.isBefore(c.getNotBefore().toInstant())) {
                out.add("certificate " + who + " is not valid before " + c.getNotBefore().toInstant());
            }
        }
        return out;
    }

    // CertFacts.of + evidence, TlsProbe.enforce's key strength
    private static void facts(X509Certificate leaf, Instant now, boolean match, List<String> dates) throws Exception {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("subject", leaf.getSubjectX500Principal().getName(X500Principal.RFC2253));
        m.put("issuer", leaf.getIssuerX500Principal().getName(X500Principal.RFC2253));
        m.put("serial", leaf.getSerialNumber().toString(16));
        m.put("daysLeft", Math.floorDiv(Duration.between(now, leaf.getNotAfter().toInstant()).toSeconds(), 86400));
        m.put("lifetimeDays", Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()).toDays());
        m.put("keyType", leaf.getPublicKey().getAlgorithm());
        m.put("keySize", ((RSAPublicKey) leaf.getPublicKey()).getModulus().bitLength());
        m.put("signatureAlgorithm", leaf.getSigAlgName().toUpperCase(Locale.ROOT));
        m.put("sans", HostnameMatch.sans(leaf));
        m.put("hostnameMatch", match);
        m.put("expired", dates.stream().anyMatch(d -> d.contains("expired")));
        m.put("selfSigned", leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal()));
        if (m.size() < 5) {
            throw new IllegalStateException();
        }
    }

    // TlsProbe.legacy + LegacyHello
    private static void legacy(String host, int port, String negotiated) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3, r -> {
            Thread t = new Thread(r, "deploycheck-tls-legacy");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<String>> asked = new ArrayList<>();
            for (TlsVersion version : new TlsVersion[] {TlsVersion.TLSv1, TlsVersion.TLSv1_1, TlsVersion.TLSv1_2}) {
                if (!(negotiated.equals("TLSv1.2") && version == TlsVersion.TLSv1_2)) {
                    asked.add(pool.submit(() -> LegacyHello.ask(host, port, host, version, Duration.ofSeconds(5)).toString()));
                }
            }
            for (Future<String> a : asked) {
                a.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
