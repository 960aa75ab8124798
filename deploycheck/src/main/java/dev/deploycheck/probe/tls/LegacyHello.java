package dev.deploycheck.probe.tls;

import dev.deploycheck.expect.TlsVersion;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * Asks a server whether it still accepts an old protocol version by sending a hand-made ClientHello capped at
 * that version and reading the first record of the answer, as testssl.sh does. The JDK itself cannot be asked:
 * {@code jdk.tls.disabledAlgorithms} removes TLS 1.0 and 1.1 from every client it builds, so a JSSE handshake
 * restricted to them would say "not accepted" without ever asking the server.
 */
public final class LegacyHello {
    /** The answer: accepted, refused, or unknown (with the reason). */
    public record Answer(Boolean accepted, String detail) {}

    // CBC/SHA suites every TLS 1.0 server offers, then the TLS 1.2 AEAD suites, then the renegotiation SCSV
    private static final int[] OLD_SUITES = {0xc013, 0xc014, 0xc009, 0xc00a, 0x002f, 0x0035, 0x0033, 0x0039, 0x000a};
    private static final int[] TLS12_SUITES = {0xc02f, 0xc030, 0xc02b, 0xc02c, 0x009c, 0x009d, 0xcca8, 0xcca9};
    private static final SecureRandom RANDOM = new SecureRandom();

    private LegacyHello() {}

    /** Whether {@code host:port} answers a ClientHello offering at most {@code version} with a ServerHello of it. */
    public static Answer ask(String host, int port, String servername, TlsVersion version, Duration timeout) {
        int wire = wireVersion(version);
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), millis);
            s.setSoTimeout(millis);
            OutputStream out = s.getOutputStream();
            out.write(clientHello(wire, servername));
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            int type = in.readUnsignedByte();
            in.readUnsignedShort(); // record version
            in.readUnsignedShort(); // record length
            if (type == 21) {
                in.readUnsignedByte();
                return new Answer(false, "refused with alert " + in.readUnsignedByte());
            }
            if (type != 22 || in.readUnsignedByte() != 2) {
                return new Answer(null, "unexpected answer (not a TLS ServerHello)");
            }
            in.readUnsignedByte();
            in.readUnsignedShort(); // handshake length
            int chosen = in.readUnsignedShort();
            return chosen == wire ? new Answer(true, "ServerHello " + version.label())
                    : new Answer(false, "server chose 0x" + Integer.toHexString(chosen) + " instead");
        } catch (EOFException | SocketException e) {
            return new Answer(false, "connection closed without a ServerHello");
        } catch (SocketTimeoutException e) {
            return new Answer(null, "no answer within " + millis + "ms");
        } catch (IOException e) {
            return new Answer(null, e.getMessage());
        }
    }

    static int wireVersion(TlsVersion v) {
        switch (v) {
            case TLSv1: return 0x0301;
            case TLSv1_1: return 0x0302;
            case TLSv1_2: return 0x0303;
            default: throw new IllegalArgumentException("only TLS 1.0 to 1.2 can be asked this way, not " + v);
        }
    }

    static byte[] clientHello(int wire, String servername) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        u16(body, wire);
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        body.writeBytes(random);
        body.write(0); // no session id
        int[] tls12 = wire == 0x0303 ? TLS12_SUITES : new int[0];
        u16(body, 2 * (tls12.length + OLD_SUITES.length + 1));
        for (int c : tls12) {
            u16(body, c);
        }
        for (int c : OLD_SUITES) {
            u16(body, c);
        }
        u16(body, 0x00ff);
        body.write(1);
        body.write(0); // null compression
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        if (servername != null && !HostnameMatch.isIpLiteral(servername)) {
            byte[] name = servername.getBytes(StandardCharsets.US_ASCII);
            u16(ext, 0x0000);
            u16(ext, name.length + 5);
            u16(ext, name.length + 3);
            ext.write(0);
            u16(ext, name.length);
            ext.writeBytes(name);
        }
        extension(ext, 0x000a, 0x0006, 0x001d, 0x0017, 0x0018); // supported groups: x25519, P-256, P-384
        u16(ext, 0x000b);
        u16(ext, 2);
        ext.write(1);
        ext.write(0); // uncompressed points
        if (wire == 0x0303) {
            extension(ext, 0x000d, 0x0014, 0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501,
                    0x0601, 0x0201);
        }
        u16(body, ext.size());
        body.writeBytes(ext.toByteArray());

        ByteArrayOutputStream hs = new ByteArrayOutputStream();
        hs.write(1); // ClientHello
        u24(hs, body.size());
        hs.writeBytes(body.toByteArray());
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(22);
        u16(record, 0x0301);
        u16(record, hs.size());
        record.writeBytes(hs.toByteArray());
        return record.toByteArray();
    }

    private static void extension(ByteArrayOutputStream out, int type, int... listLengthThenValues) {
        u16(out, type);
        u16(out, 2 * listLengthThenValues.length);
        for (int v : listLengthThenValues) {
            u16(out, v);
        }
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write((v >>> 8) & 0xff);
        out.write(v & 0xff);
    }

    private static void u24(ByteArrayOutputStream out, int v) {
        out.write((v >>> 16) & 0xff);
        u16(out, v);
    }
}
