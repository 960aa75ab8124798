package dev.deploycheck.probe.redis;

import dev.deploycheck.checklist.Durations;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.Reasons;
import dev.deploycheck.probe.TargetFailure;
import dev.deploycheck.probe.ProbeContext;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/** Runs one redis probe over a single connection: the adapter that touches the live server. */
final class RedisRun {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final RedisProbe.Spec spec;
    private final ProbeContext ctx;
    private final Observation obs = new Observation();

    RedisRun(RedisProbe.Spec spec, ProbeContext ctx) {
        this.spec = spec;
        this.ctx = ctx;
    }

    /**
     * Each socket operation has its own timeout, so several slow ones could outlast the item: the session runs
     * on a helper thread and is abandoned (its socket closed) when the deadline comes.
     */
    Observation run() throws InterruptedException, TargetFailure {
        AtomicReference<Jedis> open = new AtomicReference<>();
        FutureTask<Observation> task = new FutureTask<>(() -> session(open));
        Thread t = new Thread(task, "deploycheck-redis-" + ctx.itemId());
        t.setDaemon(true);
        long start = System.nanoTime();
        t.start();
        try {
            return task.get(Math.max(1, ctx.remaining().toMillis()), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TargetFailure f) {
                throw f;
            }
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw timedOut();
        } finally {
            // whatever ended the wait, the item's connection ends with it
            task.cancel(true);
            Jedis j = open.get();
            if (j != null) {
                j.close();
            }
        }
    }

    /** A server that accepts and never answers: the same FAIL whichever timer notices first. */
    private TargetFailure timedOut() {
        Duration budget = ctx.timeout() != null ? ctx.timeout() : ctx.remaining();
        return new TargetFailure("Redis at " + spec.url().display() + " timed out after " + Durations.format(budget));
    }

    private Observation session(AtomicReference<Jedis> open) throws TargetFailure {
        RedisUrl url = spec.url();
        if (url == null) {
            throw new IllegalStateException("no Redis URL to connect to");
        }
        ctx.redactor().add(url.password());
        int timeout = (int) Math.max(100, Math.min(Integer.MAX_VALUE, ctx.remaining().toMillis()));
        DefaultJedisClientConfig.Builder cfg = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeout).socketTimeoutMillis(timeout)
                .database(url.database()).clientName("deploycheck").resp2();
        if (url.tls()) {
            // full verification: chain and host name, with the JDK's trust store
            cfg.sslOptions(SslOptions.defaults());
        }
        if (url.password() != null) {
            cfg.user(url.user()).password(url.password());
        }
        long start = System.nanoTime();
        try (Jedis jedis = new Jedis(new HostAndPort(url.host(), url.port()), cfg.build())) {
            open.set(jedis);
            String pong = jedis.ping();
            Duration connect = Duration.ofNanos(System.nanoTime() - start);
            obs.fact("ping", pong);
            obs.fact("connectTime", connect);
            // latency is one PING on the open connection: the server's answer time, not connection set-up
            long pingStart = System.nanoTime();
            jedis.ping();
            Duration latency = Duration.ofNanos(System.nanoTime() - pingStart);
            obs.fact("latency", latency);
            if (spec.roundTrip()) {
                obs.fact("roundTrip", roundTrip(jedis));
            }
            obs.evidence("connected to " + url.display() + " in " + Durations.format(connect) + ": " + pong
                    + ", PING " + Durations.format(latency) + (spec.roundTrip()
                    ? ", round trip " + (Boolean.TRUE.equals(obs.get("roundTrip")) ? "ok" : "FAILED") : ""));
            info(jedis);
        } catch (JedisException e) {
            if (networkCause(e, 0) instanceof java.net.SocketTimeoutException) {
                throw timedOut();
            }
            throw new TargetFailure(message(url, e));
        }
        return obs;
    }

    /** Writes a random value under a scratch key with a TTL, reads it back, deletes it. */
    private boolean roundTrip(Jedis jedis) {
        byte[] nonce = new byte[8];
        RANDOM.nextBytes(nonce);
        String key = "deploycheck:probe:" + HexFormat.of().formatHex(nonce);
        String value = "deploycheck " + System.currentTimeMillis();
        try {
            jedis.set(key, value, SetParams.setParams().px(spec.ttl().toMillis()));
            boolean same = value.equals(jedis.get(key));
            boolean deleted = jedis.del(key) == 1;
            if (!same || !deleted) {
                obs.evidence("round trip on " + key + ": read back " + (same ? "ok" : "a different value")
                        + ", delete " + (deleted ? "ok" : "failed"));
            }
            return same && deleted;
        } catch (JedisDataException e) {
            // READONLY replica, OOM under noeviction, ACL without write: the server answered, the round trip failed
            obs.evidence("round trip on " + key + " failed: " + e.getMessage());
            return false;
        }
    }

    private void info(Jedis jedis) {
        // one INFO (default sections) instead of one per section: a round trip each adds up over a slow link
        Map<String, String> all = section(jedis, null);
        Map<String, String> server = all;
        Map<String, String> memory = all;
        Map<String, String> persistence = all;
        Map<String, String> replication = all;
        if (server.containsKey("redis_version")) {
            obs.fact("version", server.get("redis_version"));
        }
        if (replication.containsKey("role")) {
            obs.fact("role", replication.get("role"));
        }
        Map<String, Object> mem = new LinkedHashMap<>();
        putLong(mem, "used", memory.get("used_memory"));
        putLong(mem, "max", memory.get("maxmemory"));
        if (memory.containsKey("maxmemory_policy")) {
            mem.put("policy", memory.get("maxmemory_policy"));
        } else {
            config(jedis, "maxmemory-policy").ifPresent(p -> mem.put("policy", p));
        }
        obs.fact("memory", mem);
        Map<String, Object> pers = new LinkedHashMap<>();
        if (persistence.containsKey("aof_enabled")) {
            pers.put("aof", "1".equals(persistence.get("aof_enabled")));
        }
        // INFO does not say whether snapshots are scheduled; CONFIG does, unless it is renamed away
        config(jedis, "save").ifPresentOrElse(save -> pers.put("rdb", !save.isBlank()),
                () -> obs.evidence("CONFIG GET save not allowed: persistence.rdb unknown"));
        obs.fact("persistence", pers);
        obs.evidence("Redis " + server.getOrDefault("redis_version", "?") + ", memory " + mem + ", persistence " + pers);
    }

    private Optional<String> config(Jedis jedis, String name) {
        try {
            Map<String, String> m = jedis.configGet(name);
            return Optional.ofNullable(m.get(name));
        } catch (JedisDataException e) {
            return Optional.empty();
        }
    }

    private static Map<String, String> section(Jedis jedis, String name) {
        Map<String, String> m = new LinkedHashMap<>();
        try {
            for (String line : (name == null ? jedis.info() : jedis.info(name)).split("\r?\n")) {
                int colon = line.indexOf(':');
                if (!line.startsWith("#") && colon > 0) {
                    m.put(line.substring(0, colon), line.substring(colon + 1).trim());
                }
            }
        } catch (JedisDataException e) {
            // INFO can be renamed or denied by ACL; the facts it gives are then simply absent
        }
        return m;
    }

    private static void putLong(Map<String, Object> m, String key, String value) {
        if (value != null) {
            try {
                m.put(key, Long.parseLong(value));
            } catch (NumberFormatException ignored) {
                // not a number: leave the fact out
            }
        }
    }

    private String message(RedisUrl url, JedisException e) {
        Throwable io = networkCause(e, 0);
        String detail = io != null && io.getMessage() != null ? Reasons.message(io) : Reasons.message(e);
        if (url.password() != null && url.password().length() >= 4) {
            detail = detail.replace(url.password(), "****");
        }
        return "Redis at " + url.display() + ": " + detail.lines().findFirst().orElse(detail);
    }

    /** The socket-level reason (Connection refused, timed out) behind Jedis' wrapping, in causes or suppressed. */
    private static Throwable networkCause(Throwable t, int depth) {
        if (t == null || depth > 8) {
            return null;
        }
        if (t instanceof java.io.IOException) {
            return t;
        }
        Throwable c = networkCause(t.getCause() == t ? null : t.getCause(), depth + 1);
        if (c != null) {
            return c;
        }
        for (Throwable s : t.getSuppressed()) {
            c = networkCause(s, depth + 1);
            if (c != null) {
                return c;
            }
        }
        return null;
    }
}
