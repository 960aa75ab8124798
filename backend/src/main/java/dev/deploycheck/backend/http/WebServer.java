package dev.deploycheck.backend.http;

import dev.deploycheck.backend.config.AppConfig;
import dev.deploycheck.backend.config.ConfigException;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;

/**
 * Jetty set-up: connectors (plain HTTP, plus HTTPS from PEM files when configured), no Server version header,
 * a graceful handler so that stopping waits for in-flight requests, and Jetty's own errors in the API's shape.
 */
public final class WebServer {
    private final AppConfig config;
    private ServerConnector httpConnector;
    private ServerConnector httpsConnector;

    public WebServer(AppConfig config) {
        this.config = config;
    }

    public void configure(JavalinConfig cfg) {
        // a bounded pool: excess requests wait in Jetty's FIFO queue instead of piling up on the (unfair)
        // connection-pool hand-off, which keeps tail latency down under load on a small machine
        QueuedThreadPool threads = new QueuedThreadPool(config.httpMaxThreads(), 8);
        threads.setName("http");
        cfg.jetty.threadPool = threads;
        cfg.jetty.modifyHttpConfiguration(hc -> {
            hc.setSendServerVersion(false);
            hc.setSendXPoweredBy(false);
            if (config.trustProxy()) {
                // behind a TLS-terminating proxy: X-Forwarded-Proto/For decide the scheme (HSTS) and client address
                hc.addCustomizer(new ForwardedRequestCustomizer());
            }
            config.tls().ifPresent(t -> {
                hc.setSecureScheme("https");
                hc.setSecurePort(t.httpsPort());
            });
        });
        cfg.jetty.modifyServer(server -> {
            server.setStopTimeout(config.shutdownTimeout().toMillis());
            server.setHandler(new GracefulHandler());
            // what Jetty answers itself (bad request line, 414, 431, bad Content-Length) in the API's shape and headers
            server.setErrorHandler(new JettyErrors(config.hstsMaxAgeSeconds()));
        });
        cfg.jetty.modifyServletContextHandler(context -> {
            context.setErrorHandler(new JettyErrors(config.hstsMaxAgeSeconds()));
            context.addFilter(new FilterHolder(new NoSessions()), "/*", EnumSet.of(DispatcherType.REQUEST));
        });
        cfg.jetty.addConnector((server, hc) -> {
            httpConnector = new ServerConnector(server, new HttpConnectionFactory(hc));
            httpConnector.setHost(config.bindAddress());
            httpConnector.setPort(config.port());
            return httpConnector;
        });
        config.tls().ifPresent(tls -> cfg.jetty.addConnector((server, hc) -> {
            HttpConfiguration https = new HttpConfiguration(hc);
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false);
            https.addCustomizer(secure);
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            char[] password = randomPassword();
            try {
                KeyStore ks = PemKeyStore.load(tls.certPath(), tls.keyPath(), password);
                ssl.setKeyStore(ks);
                ssl.setKeyStorePassword(new String(password));
            } catch (Exception e) {
                throw new ConfigException("cannot use SSL_CERT_PATH/SSL_KEY_PATH: " + e.getMessage());
            }
            ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            httpsConnector = new ServerConnector(server, ssl, new HttpConnectionFactory(https));
            httpsConnector.setHost(config.bindAddress());
            httpsConnector.setPort(tls.httpsPort());
            return httpsConnector;
        }));
    }

    public void started(Javalin javalin) {
        // the connectors are ours; nothing to look up, but fail loudly if Jetty replaced them
        for (Connector c : javalin.jettyServer().server().getConnectors()) {
            if (c != httpConnector && c != httpsConnector) throw new IllegalStateException("unexpected connector " + c);
        }
    }

    public int httpPort() {
        return httpConnector.getLocalPort();
    }

    public Optional<Integer> httpsPort() {
        return Optional.ofNullable(httpsConnector).map(ServerConnector::getLocalPort);
    }

    /** URLs for the start-up log line: a wildcard bind is shown as 127.0.0.1 so it can be copied. */
    public String describeUrls() {
        String host = config.bindAddress().equals("0.0.0.0") || config.bindAddress().equals("::") ? "127.0.0.1" : config.bindAddress();
        String http = "http://" + host + ":" + httpPort();
        return httpsPort().map(p -> "https://" + host + ":" + p + " (" + http + " redirects to HTTPS)").orElse(http);
    }

    private static char[] randomPassword() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b).toCharArray();
    }
}
