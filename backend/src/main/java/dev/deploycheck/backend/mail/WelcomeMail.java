package dev.deploycheck.backend.mail;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Sends the welcome email after a registration, on its own thread so the request never waits for SMTP.
 * Failures are logged and counted ({@code mail_sent_total{outcome="failed"}}), never shown to the user.
 */
public final class WelcomeMail implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WelcomeMail.class);

    private final SmtpMailer mailer;
    private final String domain;
    private final ThreadPoolExecutor executor;
    private final Counter sent;
    private final Counter failed;

    public WelcomeMail(SmtpMailer mailer, String domain, MeterRegistry registry) {
        this.mailer = mailer;
        this.domain = domain;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1_000), r -> {
            Thread t = new Thread(r, "welcome-mail");
            t.setDaemon(true);
            return t;
        });
        this.sent = Counter.builder("mail.sent").tag("kind", "welcome").tag("outcome", "sent").description("emails sent").register(registry);
        this.failed = Counter.builder("mail.sent").tag("kind", "welcome").tag("outcome", "failed").description("emails sent").register(registry);
    }

    /** Queues the welcome email; returns at once. */
    public void registered(String email, String displayName) {
        try {
            executor.execute(() -> send(email, displayName));
        } catch (RejectedExecutionException e) {
            failed.increment();
            LOG.warn("welcome email not queued (queue full or shutting down)");
        }
    }

    private void send(String email, String displayName) {
        String name = displayName == null || displayName.isBlank() ? "there" : displayName;
        String text = "Hello " + name + ",\n\n"
                + "welcome! Your account on " + domain + " is ready. You can start a conversation, upload documents "
                + "(text, Markdown or PDF) to your knowledge base, and ask the assistant about them.\n\n"
                + "If you did not create this account, you can ignore this email.\n";
        try {
            mailer.send(email, "Welcome to " + domain, text);
            sent.increment();
        } catch (Exception e) {
            failed.increment();
            LOG.warn("welcome email could not be sent: {}", e.toString());
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) executor.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
