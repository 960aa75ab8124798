package dev.deploycheck.probe.postgres;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.SocketFactory;

/**
 * The socket factory the PostgreSQL driver opens an item's sockets with (its {@code socketFactory} property),
 * so that when the item ends, by success, failure, deadline or interrupt, every socket it opened is closed:
 * the driver's own connect and login threads cannot leave a connection behind. The driver makes one factory
 * per connection attempt, passing the run's key ({@code socketFactoryArg}).
 */
public final class TrackedSockets extends SocketFactory {
    private static final Map<String, Set<Socket>> OPEN = new ConcurrentHashMap<>();
    private final String run;

    public TrackedSockets(String run) {
        this.run = run;
    }

    /** Starts tracking a run's sockets. */
    static void begin(String run) {
        OPEN.put(run, ConcurrentHashMap.newKeySet());
    }

    /** Closes every socket the run opened and forgets it; later sockets of the run are closed at birth. */
    static void end(String run) {
        Set<Socket> sockets = OPEN.remove(run);
        if (sockets != null) {
            sockets.forEach(TrackedSockets::closeQuietly);
        }
    }

    /** How many sockets of the run are open (for tests). */
    static int open(String run) {
        Set<Socket> sockets = OPEN.get(run);
        return sockets == null ? 0 : (int) sockets.stream().filter(s -> !s.isClosed()).count();
    }

    @Override
    public Socket createSocket() throws IOException {
        Socket s = new Socket();
        Set<Socket> sockets = OPEN.get(run);
        if (sockets == null) {
            s.close();
            throw new IOException("the item has ended");
        }
        sockets.add(s);
        if (!OPEN.containsKey(run)) { // ended between the lookup and the add
            s.close();
            throw new IOException("the item has ended");
        }
        return s;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket s = createSocket();
        s.bind(new InetSocketAddress(localHost, localPort));
        s.connect(new InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        Socket s = createSocket();
        s.bind(new InetSocketAddress(localAddress, localPort));
        s.connect(new InetSocketAddress(address, port));
        return s;
    }

    private Socket connected(InetSocketAddress to) throws IOException {
        Socket s = createSocket();
        s.connect(to);
        return s;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing is all that is left to do
        }
    }
}
