package dev.deploycheck.probe.http;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** Collects a response body up to a cap, then stops reading: a huge or endless body cannot exhaust memory. */
public final class CappedBody implements HttpResponse.BodySubscriber<CappedBody.Bytes> {
    /** The bytes read, and whether the body was longer than the cap. */
    public record Bytes(byte[] data, boolean truncated) {}

    private final int cap;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final CompletableFuture<Bytes> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    CappedBody(int cap) {
        this.cap = cap;
    }

    static HttpResponse.BodyHandler<Bytes> handler(int cap) {
        return info -> new CappedBody(cap);
    }

    @Override
    public CompletionStage<Bytes> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer b : buffers) {
            int take = Math.min(b.remaining(), cap - out.size());
            byte[] chunk = new byte[take];
            b.get(chunk);
            out.writeBytes(chunk);
            if (b.hasRemaining()) {
                subscription.cancel();
                result.complete(new Bytes(out.toByteArray(), true));
                return;
            }
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(new Bytes(out.toByteArray(), false));
    }
}
