package dev.deploycheck.backend.chat.ws;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One authenticated WebSocket connection: its user, the conversations it watches, its message budget (a fixed
 * window), and a queue that runs its requests one after another off the socket's thread, so a slow assistant
 * reply never stalls reading and a client's messages are handled in the order sent.
 */
final class ChatConnection {
    static final int MAX_QUEUED = 100;
    final String id;
    final UUID userId;
    /** The login (refresh-token family) the access token came from; empty for a token issued before sessions had ids. */
    final Optional<UUID> sessionId;
    private final Session session;
    private final Set<UUID> conversations = ConcurrentHashMap.newKeySet();
    private final int budget;
    private final long windowMillis;
    private long windowStart;
    private int used;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private boolean draining;
    private volatile long lastHeard = System.currentTimeMillis();

    ChatConnection(String id, UUID userId, Optional<UUID> sessionId, Session session, int budget, long windowMillis) {
        this.id = id;
        this.userId = userId;
        this.sessionId = sessionId;
        this.session = session;
        this.budget = budget;
        this.windowMillis = windowMillis;
    }

    /** Outcome of counting one incoming message against the budget. */
    enum Budget { OK, EXCEEDED, ABUSIVE }

    /** Any frame from the client counts as a sign of life (protocol pongs are not visible to us). */
    void heard(long nowMillis) {
        lastHeard = nowMillis;
    }

    long lastHeard() {
        return lastHeard;
    }

    /** A protocol ping: keeps proxies and NAT tables from timing the connection out. */
    void ping() {
        if (session.isOpen()) session.sendPing(java.nio.ByteBuffer.allocate(0), Callback.NOOP);
    }

    synchronized Budget spend(long nowMillis) {
        if (nowMillis - windowStart >= windowMillis) {
            windowStart = nowMillis;
            used = 0;
        }
        used++;
        if (used <= budget) return Budget.OK;
        // well past the budget: the client ignores the error frames, so the connection goes
        return used > 2 * budget ? Budget.ABUSIVE : Budget.EXCEEDED;
    }

    synchronized long secondsUntilReset(long nowMillis) {
        return Math.max(1, (windowStart + windowMillis - nowMillis + 999) / 1000);
    }

    /**
     * Runs {@code task} on the executor after the connection's earlier tasks.
     * @return false when the executor refused the work (the server is saturated)
     */
    boolean enqueue(Runnable task, Executor executor) {
        synchronized (this) {
            if (tasks.size() >= MAX_QUEUED) return false;
            tasks.add(task);
            if (draining) return true;
            draining = true;
        }
        try {
            executor.execute(this::drain);
            return true;
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                tasks.clear();
                draining = false;
            }
            return false;
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = tasks.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException ignored) {
                // each task reports its own failures to the client
            }
        }
    }

    Set<UUID> conversations() {
        return conversations;
    }

    boolean isOpen() {
        return session.isOpen();
    }

    /** Queues a text frame; a connection whose frames cannot be written (dead or hopelessly slow) is closed. */
    void send(String frame) {
        if (!session.isOpen()) return;
        session.sendText(frame, Callback.from(() -> { }, failure -> closeQuietly(1011, "could not deliver")));
    }

    void close(int code, String reason) {
        closeQuietly(code, reason);
    }

    private void closeQuietly(int code, String reason) {
        try {
            if (session.isOpen()) session.close(code, reason, Callback.NOOP);
        } catch (RuntimeException ignored) {
            // already closing
        }
    }
}
