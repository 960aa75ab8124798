package dev.deploycheck.probe.browser;

import dev.deploycheck.probe.Reasons;
import dev.deploycheck.probe.TargetFailure;
import dev.deploycheck.probe.tls.Trust;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Chromium cannot be given a CA file. deploycheck checks each HTTPS origin's certificate against the item's
 * {@code caFile} itself (chain and host name, as the http kind does) and hands Chromium the SHA-256 of the public
 * keys it vouched for ({@code --ignore-certificate-errors-spki-list}): those certificates and no others.
 */
final class Spki {
    private Spki() {}

    static String verifiedHash(URI origin, java.nio.file.Path caFile, Duration budget) throws IOException {
        String host = origin.getHost();
        int port = origin.getPort() > 0 ? origin.getPort() : 443;
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, budget.toMillis()));
        try (SSLSocket s = (SSLSocket) Trust.context(Trust.strict(caFile)).getSocketFactory().createSocket()) {
            s.connect(new InetSocketAddress(host, port), millis);
            s.setSoTimeout(millis);
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(p);
            s.startHandshake();
            X509Certificate leaf = (X509Certificate) s.getSession().getPeerCertificates()[0];
            byte[] der = leaf.getPublicKey().getEncoded();
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (javax.net.ssl.SSLException e) {
            throw new TargetFailure(origin.getScheme() + "://" + host + ":" + port + ": " + Reasons.of(e));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
