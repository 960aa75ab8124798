package dev.deploycheck.probe.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deploycheck.probe.Observation;
import dev.deploycheck.testing.Ports;
import dev.deploycheck.testing.TestParams;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The tcp probe against small real socket servers on 127.0.0.1. */
class TcpProbeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private ServerSocket server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        pool.shutdownNow();
    }

    private interface Conversation {
        void talk(InputStream in, OutputStream out) throws IOException, InterruptedException;
    }

    /** Serves every connection with the given conversation; returns the port. */
    private int serve(Conversation c) throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        pool.submit(() -> {
            while (!server.isClosed()) {
                Socket s = server.accept();
                pool.submit(() -> {
                    try (s) {
                        c.talk(s.getInputStream(), s.getOutputStream());
                    }
                    return null;
                });
            }
            return null;
        });
        return server.getLocalPort();
    }

    private static Observation probe(int port, String extra, Duration timeout) throws Exception {
        return TestParams.run(new TcpProbe(), "host: 127.0.0.1\nport: " + port + "\n" + extra, timeout);
    }

    private static List<String> failed(Observation obs) {
        return obs.checks().stream().filter(c -> !c.passed()).map(Observation.Check::name).toList();
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            sb.append((char) b);
        }
        return sb.toString();
    }

    @Test
    void connectOnly() throws Exception {
        int port = serve((in, out) -> in.read());
        Observation obs = probe(port, "", TIMEOUT);
        assertEquals(true, obs.get("connected"));
        assertEquals("", obs.get("response"));
        assertTrue(obs.get("duration") instanceof Duration);
        assertTrue(obs.checks().isEmpty());
        assertTrue(obs.evidence().get(0).startsWith("connected to 127.0.0.1:" + port + " in "));
    }

    @Test
    void sendWithEscapesAndMatchTheAnswer() throws Exception {
        int port = serve((in, out) -> {
            String cmd = line(in);
            out.write((cmd.equals("PING\r") ? "+PONG\r\n" : "-ERR\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(2000); // keeps the connection open: the probe must stop at the match, not at EOF
        });
        long start = System.nanoTime();
        Observation obs = probe(port, "send: 'PING\\r\\n'\nmatch: +PONG", TIMEOUT);
        assertEquals("+PONG\r\n", obs.get("response"));
        assertEquals(List.of(), failed(obs));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 1500);
        assertEquals(List.of("sent 6 bytes", "received 7 bytes: \"+PONG\\r\\n\""), obs.evidence().subList(1, 3));
    }

    @Test
    void bannerMatchedByRegex() throws Exception {
        int port = serve((in, out) -> out.write("SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII)));
        Observation obs = probe(port, "match: '/^SSH-2\\.0-/'", TIMEOUT);
        assertEquals(List.of(), failed(obs));
        assertEquals("SSH-2.0-OpenSSH_9.2\r\n", obs.get("response"));
    }

    @Test
    void answerThatNeverMatchesFailsTheCheckAtTheDeadline() throws Exception {
        int port = serve((in, out) -> {
            out.write("220 wrong service\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(5000);
        });
        Observation obs = probe(port, "match: SSH-", Duration.ofMillis(700));
        assertEquals(List.of("match"), failed(obs));
        assertEquals("response does not match SSH-", obs.checks().get(0).detail());
        assertEquals("220 wrong service\r\n", obs.get("response"));
    }

    @Test
    void withoutMatchTheFirstBytesAreTheResponse() throws Exception {
        int port = serve((in, out) -> {
            out.write((line(in) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(5000);
        });
        long start = System.nanoTime();
        Observation obs = probe(port, "send: \"hello\\n\"", TIMEOUT);
        assertEquals("hello\n", obs.get("response"));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2000);
    }

    @Test
    void refusedIsAReadableError() {
        int port = Ports.closed();
        IOException e = assertThrows(IOException.class, () -> probe(port, "", TIMEOUT));
        assertEquals("connection refused: 127.0.0.1:" + port, e.getMessage());
    }

    @Test
    void openFalseWantsTheConnectionRefused() throws Exception {
        Observation closed = probe(Ports.closed(), "open: false", TIMEOUT);
        assertEquals(false, closed.get("connected"));
        assertEquals(List.of(), failed(closed));
        int port = serve((in, out) -> in.read());
        Observation open = probe(port, "open: false", TIMEOUT);
        assertEquals(List.of("closed"), failed(open));
        assertEquals("port 127.0.0.1:" + port + " accepts connections, expected it closed",
                open.checks().get(0).detail());
    }

    @Test
    void unescapeLikePrintf() {
        assertEquals("a\r\n\t\0\\b\u0007", TcpProbe.unescape("a\\r\\n\\t\\0\\\\b\\x07"));
        assertEquals("trailing\\", TcpProbe.unescape("trailing\\"));
    }

    @Test
    void validation() {
        assertEquals(List.of("1:1 missing required field 'host'", "1:1 missing required field 'port'",
                        "1:8 'match' is not a valid regular expression: Unclosed group"),
                TestParams.problems(new TcpProbe(), "match: /(/"));
        assertEquals(List.of("2:7 'port' must be a whole number from 1 to 65535, found '70000'"),
                TestParams.problems(new TcpProbe(), "host: x\nport: 70000"));
        // too large for any int: one error, with the value as written (it used to add "found 0")
        assertEquals(List.of("2:7 'port' must be a whole number from 1 to 65535, found '99999999999999999999'"),
                TestParams.problems(new TcpProbe(), "host: x\nport: 99999999999999999999"));
    }
}
