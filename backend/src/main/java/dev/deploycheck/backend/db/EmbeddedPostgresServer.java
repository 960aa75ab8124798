package dev.deploycheck.backend.db;

import dev.deploycheck.backend.config.AppConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A real PostgreSQL server run from the binaries shipped in a jar (the embedded default for development and
 * tests). With a data directory it keeps its data across restarts; without one it starts empty.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedPostgresServer start(Optional<Path> dataDir) {
        return start(dataDir, FreePort.find());
    }

    /** On a given port: with the same data directory, a server stopped by {@link #close()} can be started again. */
    public static EmbeddedPostgresServer start(Optional<Path> dataDir, int port) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200")
                    .setRegisterShutdownHook(true);
            if (dataDir.isPresent()) {
                builder.setDataDirectory(dataDir.get()).setCleanDataDirectory(false);
            }
            return new EmbeddedPostgresServer(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public AppConfig.Database database() {
        return new AppConfig.Database("jdbc:postgresql://127.0.0.1:" + port() + "/postgres", "postgres", null);
    }

    /** The DATABASE_URL a client would use to reach this server. */
    public String url() {
        return "postgres://postgres@127.0.0.1:" + port() + "/postgres";
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
