package dev.deploycheck.probe;

import dev.deploycheck.probe.attestation.AttestationProbe;
import dev.deploycheck.probe.browser.BrowserProbe;
import dev.deploycheck.probe.command.CommandProbe;
import dev.deploycheck.probe.compose.ComposeProbe;
import dev.deploycheck.probe.cors.CorsProbe;
import dev.deploycheck.probe.env.EnvProbe;
import dev.deploycheck.probe.file.FileProbe;
import dev.deploycheck.probe.headers.HeadersProbe;
import dev.deploycheck.probe.http.HttpProbe;
import dev.deploycheck.probe.httpsredirect.HttpsRedirectProbe;
import dev.deploycheck.probe.input.InputProbe;
import dev.deploycheck.probe.junit.JunitProbe;
import dev.deploycheck.probe.load.LoadProbe;
import dev.deploycheck.probe.metrics.MetricsProbe;
import dev.deploycheck.probe.postgres.PostgresProbe;
import dev.deploycheck.probe.prometheus.PrometheusProbe;
import dev.deploycheck.probe.ratelimit.RateLimitProbe;
import dev.deploycheck.probe.redis.RedisProbe;
import dev.deploycheck.probe.tcp.TcpProbe;
import dev.deploycheck.probe.tls.TlsProbe;
import dev.deploycheck.probe.upload.UploadProbe;
import dev.deploycheck.probe.websocket.WebSocketProbe;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The registry of probe kinds: one line per kind. */
public final class ProbeKinds {
    private static final Map<String, ProbeKind> KINDS = index(List.of(
            // one line per kind
            new EnvProbe(),
            new HttpProbe(),
            new TlsProbe(),
            new TcpProbe(),
            new PostgresProbe(),
            new RedisProbe(),
            new MetricsProbe(),
            new PrometheusProbe(),
            new LoadProbe(),
            new CommandProbe(),
            new FileProbe(),
            new AttestationProbe(),
            new JunitProbe(),
            new ComposeProbe(),
            new HeadersProbe(),
            new HttpsRedirectProbe(),
            new CorsProbe(),
            new RateLimitProbe(),
            new InputProbe(),
            new WebSocketProbe(),
            new UploadProbe(),
            new BrowserProbe()
    ));

    private ProbeKinds() {}

    public static Optional<ProbeKind> find(String name) {
        return Optional.ofNullable(KINDS.get(name));
    }

    public static Set<String> names() {
        return Collections.unmodifiableSet(KINDS.keySet());
    }

    public static Map<String, ProbeKind> all() {
        return Collections.unmodifiableMap(KINDS);
    }

    private static Map<String, ProbeKind> index(List<ProbeKind> kinds) {
        Map<String, ProbeKind> m = new LinkedHashMap<>();
        kinds.forEach(k -> m.put(k.name(), k));
        return m;
    }
}
