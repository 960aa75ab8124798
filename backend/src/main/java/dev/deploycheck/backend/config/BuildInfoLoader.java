package dev.deploycheck.backend.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Reads the version and git commit recorded at build time (build-info.properties); "unknown" when absent. */
public final class BuildInfoLoader {
    private BuildInfoLoader() { }

    public static AppConfig.BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfoLoader.class.getResourceAsStream("/build-info.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            // fall through to "unknown"
        }
        return new AppConfig.BuildInfo(clean(p.getProperty("version")), clean(p.getProperty("git.commit")));
    }

    private static String clean(String v) {
        return v == null || v.isBlank() || v.contains("${") ? "unknown" : v.trim();
    }
}
