package dev.deploycheck.rollback;

import java.net.InetAddress;
import java.util.Map;

/** Who runs a rollback: the user (USER/LOGNAME or the JVM's user.name), the host name and this process's pid. */
public record Operator(String user, String host, long pid) {
    public static Operator current(Map<String, String> env) {
        String user = firstNonBlank(env.get("USER"), env.get("LOGNAME"), System.getProperty("user.name"), "unknown");
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = firstNonBlank(env.get("HOSTNAME"), "unknown");
        }
        return new Operator(user, host, ProcessHandle.current().pid());
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return "";
    }
}
