package dev.deploycheck.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deploycheck.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every profile the repository ships validates against the repository's checklist.yaml when the environment it
 * documents is there: a deployed release's .env under DEPLOY_ROOT and the smoke account's password. Catches a
 * checklist item that uses a variable some profile does not define.
 */
class ProfilesValidateTest {
    @TempDir
    Path root;

    @ParameterizedTest
    @ValueSource(strings = {"local", "ci", "staging", "prod"})
    void validates(String env) throws Exception {
        Files.createDirectories(root.resolve("current"));
        Files.writeString(root.resolve("current/.env"), String.join("\n",
                "APP_ENV=production", "DOMAIN=localhost", "PORT=8080", "HTTPS_PORT=8443",
                "DATABASE_URL=postgres://app:pw@127.0.0.1:5432/app", "REDIS_URL=redis://127.0.0.1:6379",
                "SSL_CERT_PATH=/etc/ssl/cert.pem", "SSL_KEY_PATH=/etc/ssl/key.pem", ""));
        Map<String, String> vars = Map.of("DEPLOY_ROOT", root.toString(), "SMOKE_PASSWORD", "Dc-0123456789abcdef",
                "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres", "REDIS_URL", "redis://127.0.0.1:6379",
                "SSL_CERT_PATH", "/etc/ssl/cert.pem");
        CliRun r = CliRun.of(vars, "validate", "--checklist", Deployment.ROOT.resolve("checklist.yaml").toString(),
                "--env", env);
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.out().contains("with profile " + env), r.describe());
    }

    /** The ci deployment (deploy-production.sh) has no web app: every item that drives one is skipped there. */
    @org.junit.jupiter.api.Test
    @SuppressWarnings("unchecked")
    void theCiProfileSkipsEveryBrowserItem() throws Exception {
        org.yaml.snakeyaml.Yaml yaml = new org.yaml.snakeyaml.Yaml();
        Map<String, Object> checklist = yaml.load(Files.readString(Deployment.ROOT.resolve("checklist.yaml")));
        java.util.Set<String> browser = new java.util.TreeSet<>();
        for (Object section : (java.util.List<Object>) checklist.get("sections")) {
            for (Object o : (java.util.List<Object>) ((Map<String, Object>) section).get("items")) {
                Map<String, Object> item = (Map<String, Object>) o;
                if ("browser".equals(item.get("probe"))) {
                    browser.add((String) item.get("id"));
                }
            }
        }
        assertEquals(6, browser.size(), browser.toString());
        Map<String, Object> ci = yaml.load(Files.readString(Deployment.ROOT.resolve("profiles/ci.yaml")));
        assertTrue(((Map<String, Object>) ci.get("skip")).keySet().containsAll(browser), ci.get("skip").toString());
    }
}
