package dev.deploycheck.backend;

import dev.deploycheck.backend.config.AppConfig;
import dev.deploycheck.backend.config.BuildInfoLoader;
import dev.deploycheck.backend.config.ConfigException;
import dev.deploycheck.backend.config.ConfigLoader;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** Entry point: configuration from the environment, start, stop gracefully on SIGTERM/SIGINT. */
public final class Main {
    private Main() { }

    public static void main(String[] args) {
        AppConfig config;
        try {
            config = ConfigLoader.load(System.getenv(), BuildInfoLoader.load());
        } catch (ConfigException e) {
            System.err.println("backend: " + e.getMessage());
            System.exit(2);
            return;
        }
        App app;
        try {
            app = App.start(config);
        } catch (ConfigException e) {
            System.err.println("backend: " + e.getMessage());
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            flushLogs();
            System.err.println("backend: could not start: " + rootMessage(e));
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            flushLogs();
        }, "graceful-shutdown"));
    }

    /** Log lines go through an asynchronous appender; stopping the context writes what is still queued. */
    private static void flushLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) context.stop();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null && !sb.toString().contains(t.getMessage())) sb.append(": ").append(t.getMessage());
        }
        return sb.toString();
    }
}
