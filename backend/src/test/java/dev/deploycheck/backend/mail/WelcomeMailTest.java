package dev.deploycheck.backend.mail;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.deploycheck.backend.App;
import dev.deploycheck.backend.support.Api;
import dev.deploycheck.backend.support.TestServices;
import dev.deploycheck.backend.support.Users;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The welcome email against a real SMTP server (GreenMail), and a dead one: registration never waits for or fails on mail. */
class WelcomeMailTest {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    @Test
    void registrationSendsAWelcomeEmail() throws Exception {
        try (App app = TestServices.get().startApp(Map.of("SMTP_HOST", "127.0.0.1", "SMTP_PORT", String.valueOf(SMTP.getSmtp().getPort()),
                "SMTP_FROM", "no-reply@deploycheck.test", "DOMAIN", "deploycheck.test"))) {
            Api api = new Api("http://127.0.0.1:" + app.port());
            String email = Users.uniqueEmail("welcome");
            Users.register(api, email);
            assertTrue(SMTP.waitForIncomingEmail(10_000, 1), "a welcome email arrives");
            MimeMessage m = SMTP.getReceivedMessages()[0];
            assertEquals(email, m.getAllRecipients()[0].toString());
            assertEquals("no-reply@deploycheck.test", m.getFrom()[0].toString());
            assertEquals("Welcome to deploycheck.test", m.getSubject());
            assertTrue(GreenMailUtil.getBody(m).contains("Hello Test,"), GreenMailUtil.getBody(m));
            assertTrue(metric(api, "mail_sent_total{kind=\"welcome\",outcome=\"sent\"}") >= 1.0);
        }
    }

    @Test
    void anUnreachableSmtpServerIsLoggedAndCountedNotShownToTheUser() throws Exception {
        try (App app = TestServices.get().startApp(Map.of("SMTP_HOST", "127.0.0.1", "SMTP_PORT", String.valueOf(closedPort())))) {
            Api api = new Api("http://127.0.0.1:" + app.port());
            long started = System.nanoTime();
            Users.register(api, Users.uniqueEmail("nomail"));
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(millis < 3_000, "registration took " + millis + " ms");
            long deadline = System.currentTimeMillis() + 10_000;
            while (metric(api, "mail_sent_total{kind=\"welcome\",outcome=\"failed\"}") < 1.0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(1.0, metric(api, "mail_sent_total{kind=\"welcome\",outcome=\"failed\"}"));
        }
    }

    private static int closedPort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static double metric(Api api, String series) {
        for (String line : api.get("/metrics", null).raw().split("\n")) {
            if (line.startsWith(series + " ")) return Double.parseDouble(line.substring(series.length() + 1).trim());
        }
        return Double.NaN;
    }
}
