package dev.deploycheck.probe.http;

import dev.deploycheck.checklist.Durations;
import dev.deploycheck.probe.ProbeContext;
import dev.deploycheck.probe.tls.Trust;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Sends one request within the item's deadline (headers and body alike: the wait is bounded, not only the
 * header wait HttpClient's own timeout covers) and turns transport failures into one-line messages such as
 * {@code connection refused: 127.0.0.1:9}. Shared by the HTTP-speaking kinds.
 */
public final class Exchange {
    private Exchange() {}

    public static HttpResponse<CappedBody.Bytes> send(HttpClient client, HttpRequest request, ProbeContext ctx)
            throws IOException, InterruptedException {
        return send(client, request, ctx, HttpProbe.BODY_CAP);
    }

    /** The same with another body cap (a CI artifact may be larger than a page): beyond it the body is cut. */
    public static HttpResponse<CappedBody.Bytes> send(HttpClient client, HttpRequest request, ProbeContext ctx,
            int bodyCap) throws IOException, InterruptedException {
        Duration left = ctx.remaining();
        CompletableFuture<HttpResponse<CappedBody.Bytes>> f = client.sendAsync(request, CappedBody.handler(bodyCap));
        try {
            return f.get(Math.max(1, left.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new IOException("timed out after " + budget(ctx) + ": " + what(request), e);
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw readable(e.getCause(), request, ctx);
        }
    }

    static IOException readable(Throwable t, HttpRequest request, ProbeContext ctx) {
        URI u = request.uri();
        int port = u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
        String where = u.getHost() + ":" + port;
        if (t instanceof HttpConnectTimeoutException) {
            return new IOException("connect timed out: " + where, t);
        }
        if (t instanceof HttpTimeoutException) {
            return new IOException("timed out after " + budget(ctx) + ": " + what(request), t);
        }
        if (causedBy(t, UnresolvedAddressException.class)) {
            return new IOException("unknown host: " + u.getHost(), t);
        }
        if (t instanceof ConnectException) {
            return new IOException("connection refused: " + where, t);
        }
        if (causedBy(t, SSLException.class)) {
            return new IOException("TLS handshake with " + where + " failed: " + Trust.rootMessage(t), t);
        }
        return new IOException(what(request) + " failed: " + Trust.rootMessage(t), t);
    }

    private static String budget(ProbeContext ctx) {
        return ctx.timeout() == null ? "the deadline" : Durations.format(ctx.timeout());
    }

    private static String what(HttpRequest r) {
        return r.method() + " " + r.uri();
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
