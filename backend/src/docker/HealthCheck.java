import java.net.HttpURLConnection;
import java.net.URL;
import java.security.cert.X509Certificate;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The container's HEALTHCHECK: exit 0 when the backend in this container answers 200 on /api/ready (the database
 * and Redis reachable), else 1. The runtime image has no curl or wget; this runs on its own JRE. HTTPS when
 * SSL_CERT_PATH is set (the certificate is not checked: this is a local liveness gate, and the checklist checks the
 * chain from outside), plain HTTP otherwise. Compiled in the image's build stage, not part of the backend.
 */
public final class HealthCheck {
    public static void main(String[] args) throws Exception {
        boolean tls = System.getenv("SSL_CERT_PATH") != null && !System.getenv("SSL_CERT_PATH").isBlank();
        String port = env(tls ? "HTTPS_PORT" : "PORT", tls ? "8443" : "8080");
        URL url = new URL((tls ? "https" : "http") + "://127.0.0.1:" + port + "/api/ready");
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        if (c instanceof HttpsURLConnection https) {
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, new TrustManager[] {new X509TrustManager() {
                public void checkClientTrusted(X509Certificate[] chain, String type) { }
                public void checkServerTrusted(X509Certificate[] chain, String type) { }
                public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
            }}, null);
            https.setSSLSocketFactory(ssl.getSocketFactory());
            https.setHostnameVerifier((host, session) -> true);
        }
        c.setConnectTimeout(3000);
        c.setReadTimeout(3000);
        c.setInstanceFollowRedirects(false);
        try {
            int status = c.getResponseCode();
            System.out.println(url + " -> " + status);
            System.exit(status == 200 ? 0 : 1);
        } catch (java.io.IOException e) {
            System.out.println(url + " -> no answer: " + e.getMessage());
            System.exit(1);
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v.strip();
    }
}
