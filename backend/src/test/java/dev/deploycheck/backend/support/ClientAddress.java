package dev.deploycheck.backend.support;

import java.util.Map;
import java.util.UUID;

/** A client address of its own for a test, sent as X-Forwarded-For to a backend with TRUST_PROXY, so rate-limit counters never collide. */
public final class ClientAddress {
    private ClientAddress() { }

    /** An X-Forwarded-For header with a fresh documentation-range IPv6 address (only a header value; no traffic goes anywhere). */
    public static Map<String, String> fresh() {
        String id = UUID.randomUUID().toString().replace("-", "");
        return Map.of("X-Forwarded-For", "2001:db8::" + id.substring(0, 4) + ":" + id.substring(4, 8));
    }
}
