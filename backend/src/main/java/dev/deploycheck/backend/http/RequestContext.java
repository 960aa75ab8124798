package dev.deploycheck.backend.http;

import io.javalin.http.Context;
import org.slf4j.MDC;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Per-request facts set up first thing: the request id (taken from a well-formed X-Request-Id or made up, echoed
 * in the response and put in the log context), the start time and the client address.
 */
public final class RequestContext {
    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    private static final String ID = "requestId";
    private static final String START = "startNanos";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final boolean trustProxy;

    public RequestContext(boolean trustProxy) {
        this.trustProxy = trustProxy;
    }

    public void begin(Context ctx) {
        String id = requestIdFrom(ctx.header(REQUEST_ID_HEADER));
        ctx.attribute(ID, id);
        ctx.attribute(START, System.nanoTime());
        ctx.header(REQUEST_ID_HEADER, id);
        MDC.put(ID, id);
    }

    /** A well-formed incoming X-Request-Id kept as it is; a missing or forged one replaced by a new UUID. */
    static String requestIdFrom(String incoming) {
        return incoming != null && SAFE_ID.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
    }

    public static void end() {
        MDC.remove(ID);
    }

    public static String requestId(Context ctx) {
        String id = ctx.attribute(ID);
        return id == null ? "none" : id;
    }

    public static long elapsedNanos(Context ctx) {
        Long start = ctx.attribute(START);
        return start == null ? 0 : System.nanoTime() - start;
    }

    /** The client's address: the socket peer, or the first X-Forwarded-For entry when TRUST_PROXY is set (behind a reverse proxy). */
    public String clientIp(Context ctx) {
        if (trustProxy) {
            String forwarded = ctx.header("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank()) {
                String first = forwarded.split(",")[0].trim();
                if (first.matches("[0-9A-Fa-f:.]{2,45}")) return first;
            }
        }
        return ctx.ip();
    }
}
