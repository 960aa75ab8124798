package dev.deploycheck.probe.redis;

import dev.deploycheck.checklist.Params;
import dev.deploycheck.checklist.Variables;
import dev.deploycheck.probe.Probe;
import dev.deploycheck.probe.ProbeKind;
import java.time.Duration;
import java.util.Set;

/**
 * {@code probe: redis}: PING, a write/read/delete round trip on a scratch key with a short TTL, latency, memory
 * policy, persistence settings and server version, over one plain connection with timeouts.
 */
public final class RedisProbe implements ProbeKind {
    /** What to check: where, and whether to write the scratch key (off for a read-only replica). */
    record Spec(RedisUrl url, boolean roundTrip, Duration ttl) {}

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public String summary() {
        return "Redis: PING, write/read/delete round trip, latency, memory policy, persistence";
    }

    @Override
    public Set<String> keys() {
        return Set.of("url", "password", "roundTrip");
    }

    @Override
    public Set<String> facts() {
        return Set.of("ping", "roundTrip", "latency", "connectTime", "memory", "persistence", "version", "role");
    }

    @Override
    public Probe create(Params params) {
        String raw = params.url("url");
        boolean roundTrip = params.bool("roundTrip", true);
        String password = params.optString("password").orElse(null);
        RedisUrl url = null;
        if (!(params.validating() && Variables.hasRefs(raw)) && !raw.isEmpty()) {
            try {
                url = RedisUrl.parse(raw);
            } catch (IllegalArgumentException e) {
                params.error("url", "'url' is not a Redis URL: " + e.getMessage());
            }
        }
        if (url != null && password != null) {
            url = new RedisUrl(url.host(), url.port(), url.user(), password, url.database(), url.tls(), url.display());
        }
        Spec spec = new Spec(url, roundTrip, Duration.ofSeconds(30));
        return ctx -> new RedisRun(spec, ctx).run();
    }
}
