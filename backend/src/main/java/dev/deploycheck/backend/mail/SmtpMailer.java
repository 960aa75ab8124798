package dev.deploycheck.backend.mail;

import dev.deploycheck.backend.config.AppConfig;
import jakarta.mail.Authenticator;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;

/**
 * Sends plain-text mail over SMTP (Jakarta Mail / Angus). STARTTLS is used whenever the server offers it
 * (required when credentials would otherwise travel in clear: set SMTP_PORT=465 for implicit TLS instead);
 * every network step has a timeout, so a hanging server cannot pile up senders.
 */
public final class SmtpMailer {
    private final Session session;
    private final InternetAddress from;

    public SmtpMailer(AppConfig.Smtp smtp) {
        Properties p = new Properties();
        boolean implicitTls = smtp.port() == 465;
        String proto = implicitTls ? "smtps" : "smtp";
        p.put("mail.transport.protocol", proto);
        p.put("mail." + proto + ".host", smtp.host());
        p.put("mail." + proto + ".port", String.valueOf(smtp.port()));
        p.put("mail." + proto + ".connectiontimeout", "5000");
        p.put("mail." + proto + ".timeout", "10000");
        p.put("mail." + proto + ".writetimeout", "10000");
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail." + proto + ".ssl.checkserveridentity", "true");
        Authenticator auth = null;
        if (smtp.username() != null) {
            p.put("mail." + proto + ".auth", "true");
            String password = smtp.password() == null ? "" : smtp.password().asString();
            auth = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(smtp.username(), password);
                }
            };
        }
        this.session = Session.getInstance(p, auth);
        try {
            this.from = new InternetAddress(smtp.from(), true);
        } catch (MessagingException e) {
            throw new IllegalArgumentException("SMTP_FROM is not a valid address: " + smtp.from());
        }
    }

    public void send(String to, String subject, String text) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(from);
        m.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(to, true));
        m.setSubject(subject, StandardCharsets.UTF_8.name());
        m.setText(text, StandardCharsets.UTF_8.name());
        m.setSentDate(new Date());
        Transport.send(m);
    }
}
