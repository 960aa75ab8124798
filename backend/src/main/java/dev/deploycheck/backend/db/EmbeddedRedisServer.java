package dev.deploycheck.backend.db;

import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;

/** A real redis-server binary shipped in a jar, bound to 127.0.0.1, without persistence. Can be stopped and started again on the same port. */
public final class EmbeddedRedisServer implements AutoCloseable {
    private final int port;
    private final RedisServer server;

    private EmbeddedRedisServer(int port) throws IOException {
        this.port = port;
        this.server = RedisServer.newRedisServer()
                .bind("127.0.0.1")
                .port(port)
                .setting("save \"\"")
                .setting("appendonly no")
                .onShutdownForceStop(true)
                .build();
    }

    public static EmbeddedRedisServer start() {
        try {
            EmbeddedRedisServer redis = new EmbeddedRedisServer(FreePort.find());
            redis.startAgain();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded Redis: " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public void startAgain() {
        try {
            if (!server.isActive()) server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void stop() {
        try {
            if (server.isActive()) server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
