package dev.deploycheck.probe;

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
            new dev.deploycheck.probe.env.EnvProbe(),
            new dev.deploycheck.probe.http.HttpProbe(),
            new dev.deploycheck.probe.tls.TlsProbe(),
            new dev.deploycheck.probe.tcp.TcpProbe(),
            new dev.deploycheck.probe.headers.HeadersProbe(),
            new dev.deploycheck.probe.httpsredirect.HttpsRedirectProbe(),
            new dev.deploycheck.probe.cors.CorsProbe(),
            new dev.deploycheck.probe.ratelimit.RateLimitProbe(),
            new dev.deploycheck.probe.input.InputProbe()
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
