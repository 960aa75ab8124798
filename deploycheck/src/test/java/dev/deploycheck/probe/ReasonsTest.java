package dev.deploycheck.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateExpiredException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class ReasonsTest {
    @Test
    void anUntrustedChainIsSaidInWords() {
        SSLHandshakeException e = new SSLHandshakeException("PKIX path building failed: "
                + "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path");
        e.initCause(new CertPathBuilderException("unable to find valid certification path"));
        assertEquals("untrusted certificate: no path to a trusted root", Reasons.of(e));
    }

    @Test
    void anExpiredCertificateSaysSo() {
        assertEquals("certificate expired: NotAfter: Tue Jan 01",
                Reasons.of(new IOException(new CertificateExpiredException("NotAfter: Tue Jan 01"))));
    }

    @Test
    void aNonHttpAnswerIsQuotedEscaped() {
        ProtocolException e = new ProtocolException("Invalid status line: \"\u001b[31mSSH-2.0-OpenSSH\"");
        assertEquals("not an HTTP response: the server answered \"\\x1b[31mSSH-2.0-OpenSSH\"", Reasons.of(e));
    }

    @Test
    void connectionRefusedWithoutAMessage() {
        assertEquals("connection refused", Reasons.of(new IOException(new ConnectException())));
    }

    @Test
    void classNamesAreTakenOutOfMessages() {
        String r = Reasons.of(new IllegalStateException("java.lang.IllegalArgumentException: bad port",
                new java.net.SocketException("java.net.SocketException: Broken pipe")));
        assertEquals("bad port (Broken pipe)", r);
        assertFalse(r.contains("Exception"), r);
    }

    @Test
    void anExceptionWithoutAMessageIsNamedInWords() {
        assertEquals("socket timeout", Reasons.message(new java.net.SocketTimeoutException()));
    }
}
