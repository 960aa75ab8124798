package dev.deploycheck.probe.tls;

import java.net.Socket;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;

/** Accepts any server chain during the handshake and keeps it, so that trust can be judged (and reported) after. */
final class ChainCapture extends ServerTrustManager {
    private volatile X509Certificate[] chain;
    private volatile String authType = "UNKNOWN";

    X509Certificate[] chain() {
        return chain;
    }

    String authType() {
        return authType;
    }

    private void keep(X509Certificate[] chain, String authType) {
        this.chain = chain.clone();
        this.authType = authType;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        keep(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        keep(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
        keep(chain, authType);
    }



    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
