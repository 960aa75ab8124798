package dev.deploycheck.probe.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/** A trust manager for a client: it judges servers only, and refuses to be asked about client certificates. */
abstract class ServerTrustManager extends X509ExtendedTrustManager {
    private static final String NOT_A_SERVER = "client certificates are not checked by deploycheck";

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException(NOT_A_SERVER);
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException(NOT_A_SERVER);
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException(NOT_A_SERVER);
    }
}
