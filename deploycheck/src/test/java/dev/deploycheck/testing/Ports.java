package dev.deploycheck.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports for tests on 127.0.0.1. */
public final class Ports {
    private Ports() {}

    /** A port nothing listens on (bound, then released): connecting to it is refused. */
    public static int closed() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
