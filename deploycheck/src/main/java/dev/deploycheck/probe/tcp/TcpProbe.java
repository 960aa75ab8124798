package dev.deploycheck.probe.tcp;

import dev.deploycheck.checklist.Params;
import dev.deploycheck.probe.Observation;
import dev.deploycheck.probe.Probe;
import dev.deploycheck.probe.ProbeContext;
import dev.deploycheck.probe.ProbeKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code probe: tcp} — connects, optionally sends a line and reads the first bytes of the answer until
 * {@code match} is found (a substring, or a regex written {@code /.../}). With {@code open: false} it checks the
 * opposite: the port must refuse connections (a database port not exposed, say).
 */
public final class TcpProbe implements ProbeKind {
    private static final int READ_CAP = 64 * 1024;
    private static final Duration IDLE = Duration.ofMillis(200);

    /** The validated parameters of one item. */
    public record Spec(String host, int port, String send, String match, Pattern regex, boolean open) {}

    @Override
    public String name() {
        return "tcp";
    }

    @Override
    public String summary() {
        return "TCP port: connects (or must refuse), optional send and match on the first bytes read";
    }

    @Override
    public Set<String> keys() {
        return Set.of("host", "port", "send", "match", "open");
    }

    @Override
    public Set<String> facts() {
        return Set.of("connected", "duration", "response");
    }

    @Override
    public Probe create(Params params) {
        String host = params.string("host");
        if (!params.has("port")) {
            params.string("port");
        }
        int port = params.integer("port", 0, 1, 65535);
        String send = params.optString("send").map(TcpProbe::unescape).orElse(null);
        String match = params.optString("match").orElse(null);
        Pattern regex = null;
        if (match != null && match.length() >= 2 && match.startsWith("/") && match.endsWith("/")) {
            try {
                regex = Pattern.compile(match.substring(1, match.length() - 1), Pattern.MULTILINE);
            } catch (PatternSyntaxException e) {
                params.error("match", "'match' is not a valid regular expression: " + e.getDescription());
            }
        }
        Spec spec = new Spec(host, port, send, match, regex, params.bool("open", true));
        return ctx -> run(spec, ctx);
    }

    static Observation run(Spec spec, ProbeContext ctx) throws IOException {
        Observation obs = new Observation();
        String where = spec.host() + ":" + spec.port();
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, ctx.remaining().toMillis()));
        Instant start = Instant.now();
        try (Socket s = new Socket()) {
            try {
                s.connect(new InetSocketAddress(spec.host(), spec.port()), millis);
            } catch (ConnectException | SocketTimeoutException e) {
                String why = e instanceof ConnectException ? "connection refused: " + where
                        : "connect timed out after " + millis + "ms: " + where;
                if (spec.open()) {
                    throw new IOException(why, e);
                }
                obs.fact("connected", false).fact("duration", Duration.between(start, Instant.now()));
                obs.check("closed", true, why);
                return obs.evidence(why);
            } catch (UnknownHostException e) {
                throw new IOException("unknown host: " + spec.host(), e);
            }
            obs.fact("connected", true);
            obs.evidence("connected to " + where + " in " + Duration.between(start, Instant.now()).toMillis() + "ms");
            if (!spec.open()) {
                obs.check("closed", false, "port " + where + " accepts connections, expected it closed");
            }
            String response = exchange(s, spec, ctx, obs);
            obs.fact("duration", Duration.between(start, Instant.now()));
            obs.fact("response", response);
            if (spec.match() != null) {
                obs.check("match", matches(spec, response), (matches(spec, response) ? "response matches "
                        : "response does not match ") + spec.match());
            }
            return obs;
        }
    }

    private static String exchange(Socket s, Spec spec, ProbeContext ctx, Observation obs) throws IOException {
        if (spec.send() != null) {
            byte[] bytes = spec.send().getBytes(StandardCharsets.UTF_8);
            s.getOutputStream().write(bytes);
            s.getOutputStream().flush();
            obs.evidence("sent " + bytes.length + " bytes");
        }
        if (spec.send() == null && spec.match() == null) {
            return "";
        }
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        try {
            while (got.size() < READ_CAP) {
                Duration wait = ctx.remaining();
                if (got.size() > 0 && spec.match() == null) {
                    wait = wait.compareTo(IDLE) < 0 ? wait : IDLE; // no match asked: take what comes in one go
                }
                if (wait.isZero()) {
                    break;
                }
                s.setSoTimeout((int) Math.max(1, wait.toMillis()));
                int n = in.read(buf, 0, Math.min(buf.length, READ_CAP - got.size()));
                if (n < 0) {
                    break;
                }
                got.write(buf, 0, n);
                if (spec.match() != null && matches(spec, got.toString(StandardCharsets.UTF_8))) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            // the bytes read so far are the answer
        }
        String response = got.toString(StandardCharsets.UTF_8);
        obs.evidence("received " + got.size() + " bytes" + (got.size() == 0 ? "" : ": " + preview(ctx.redactor().cut(response, 123))));
        return response;
    }

    private static boolean matches(Spec spec, String response) {
        return spec.regex() != null ? spec.regex().matcher(response).find() : response.contains(spec.match());
    }

    /** The start of an answer, already masked and cut, quoted with line breaks and tabs escaped. */
    private static String preview(String p) {
        return "\"" + p.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }

    /** {@code \n}, {@code \r}, {@code \t}, {@code \0}, {@code \\} and {@code \xHH} escapes, as in a shell's printf. */
    static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                sb.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'n': sb.append('\n'); break;
                case 'r': sb.append('\r'); break;
                case 't': sb.append('\t'); break;
                case '0': sb.append('\0'); break;
                case 'x':
                    if (i + 2 < s.length() && s.substring(i + 1, i + 3).matches("[0-9a-fA-F]{2}")) {
                        sb.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                        i += 2;
                    } else {
                        sb.append("\\x");
                    }
                    break;
                default: sb.append(n);
            }
        }
        return sb.toString();
    }
}
