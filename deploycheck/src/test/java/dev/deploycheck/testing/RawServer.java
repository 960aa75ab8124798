package dev.deploycheck.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP server on 127.0.0.1 that misbehaves as scripted: each connection is handed to {@link Behaviour}
 * (answer garbage, answer half, never answer). It records when the client closes a connection, so a test can
 * check that a probe does not leave one open.
 */
public final class RawServer implements AutoCloseable {
    /** What to do with one accepted connection; the socket is closed by the server after it returns. */
    public interface Behaviour {
        void serve(Socket s) throws IOException;
    }

    private final ServerSocket server;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger closedByClient = new AtomicInteger();
    private volatile CountDownLatch clientClosed = new CountDownLatch(1);

    public RawServer(Behaviour behaviour) {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    accepted.incrementAndGet();
                    Thread c = new Thread(() -> handle(s, behaviour), "raw-server-conn");
                    c.setDaemon(true);
                    c.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "raw-server");
        t.setDaemon(true);
        t.start();
    }

    private void handle(Socket s, Behaviour behaviour) {
        try (s) {
            behaviour.serve(s);
        } catch (IOException e) {
            // the client went away mid-script: that is what a hostile test provokes
        }
    }

    /** Reads (and drops) what the client sends until it closes the connection, then counts the close. */
    public void drainUntilClientCloses(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        try {
            while (in.read(buf) >= 0) {
                // keep reading: never answer
            }
        } catch (IOException e) {
            // reset by the client counts as a close
        }
        closedByClient.incrementAndGet();
        clientClosed.countDown();
    }

    /** Reads the request head (up to the blank line) of an HTTP request. */
    public static String readHead(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            b.append((char) c);
            if (b.length() >= 4 && b.substring(b.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return b.toString();
    }

    public boolean awaitClientClose(long ms) throws InterruptedException {
        return clientClosed.await(ms, TimeUnit.MILLISECONDS);
    }

    public int accepted() {
        return accepted.get();
    }

    public int port() {
        return server.getLocalPort();
    }

    public String url(String scheme, String path) {
        return scheme + "://127.0.0.1:" + port() + path;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
