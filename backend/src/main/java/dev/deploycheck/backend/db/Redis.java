package dev.deploycheck.backend.db;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The pooled Redis client (Jedis {@link RedisClient}) built from a redis:// or rediss:// URL, with short timeouts. */
public final class Redis implements AutoCloseable {
    private final RedisClient client;

    private Redis(RedisClient client) {
        this.client = client;
    }

    public static Redis connect(String url) {
        URI uri = URI.create(url);
        DefaultJedisClientConfig.Builder cfg = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(1_000)
                .socketTimeoutMillis(1_000)
                .clientName("deploycheck-backend")
                .ssl("rediss".equals(uri.getScheme()));
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            if (parts.length == 2) {
                if (!parts[0].isEmpty()) cfg.user(URLDecoder.decode(parts[0], StandardCharsets.UTF_8));
                cfg.password(URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
            } else {
                cfg.password(URLDecoder.decode(parts[0], StandardCharsets.UTF_8));
            }
        }
        String path = uri.getPath();
        if (path != null && path.length() > 1) cfg.database(Integer.parseInt(path.substring(1)));
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(64);
        pool.setMaxIdle(64);
        pool.setMinIdle(2);
        pool.setMaxWait(Duration.ofSeconds(2));
        pool.setTestWhileIdle(true);
        RedisClient client = RedisClient.builder()
                .hostAndPort(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379)
                .clientConfig(cfg.build())
                .poolConfig(pool)
                .build();
        return new Redis(client);
    }

    public RedisClient client() {
        return client;
    }

    /** Round trip to the server; throws when it does not answer. */
    public void ping() {
        String pong = client.ping();
        if (!"PONG".equalsIgnoreCase(pong)) throw new IllegalStateException("unexpected PING answer " + pong);
    }

    @Override
    public void close() {
        client.close();
    }
}
