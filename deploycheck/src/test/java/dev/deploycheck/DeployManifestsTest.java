package dev.deploycheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/k8s: the Kubernetes Job and the Argo Rollouts AnalysisTemplate that run deploycheck, validated against the
 * Kubernetes and Argo Rollouts schemas (kubernetes-models, from npm; installed here with npm ci on first use).
 */
class DeployManifestsTest {
    static final Path K8S = Path.of("..", "deploy", "k8s").toAbsolutePath().normalize();

    @BeforeAll
    static void install() throws Exception {
        if (!Files.isDirectory(K8S.resolve("node_modules/kubernetes-models"))) {
            System.err.println("DeployManifestsTest: npm ci in " + K8S + " (the schema validator)");
            Result r = run(K8S, "npm", "ci", "--no-audit", "--no-fund");
            assertEquals(0, r.code(), r.out());
        }
    }

    record Result(int code, String out) {}

    static Result run(Path dir, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        return new Result(p.exitValue(), out);
    }

    @Test
    void everyManifestIsValidAgainstItsSchema() throws Exception {
        Result r = run(K8S, "node", "validate.mjs");
        assertEquals(0, r.code(), r.out());
        assertEquals(List.of(
                "analysis-template.yaml: argoproj.io/v1alpha1/AnalysisTemplate deploycheck-verify: valid",
                "job.yaml: batch/v1/Job deploycheck-verify: valid",
                "reports-pvc.yaml: v1/PersistentVolumeClaim deploycheck-reports: valid"), r.out().lines().toList());
    }

    @Test
    void theValidatorRefusesABrokenManifest(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("job.yaml"), Files.readString(K8S.resolve("job.yaml"))
                .replace("backoffLimit: 0", "backoffLimit: none"));
        Files.writeString(dir.resolve("analysis-template.yaml"), Files.readString(K8S.resolve("analysis-template.yaml"))
                .replace("failureLimit: 0", "failureLimit: [0]"));
        Result r = run(K8S, "node", "validate.mjs", dir.toString());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("job.yaml: batch/v1/Job deploycheck-verify: data/spec/backoffLimit must be integer"),
                r.out());
        assertTrue(r.out().contains("analysis-template.yaml: argoproj.io/v1alpha1/AnalysisTemplate deploycheck-verify: "
                + "data/spec/metrics/0/failureLimit"), r.out());
    }

    /** The exit-code contract: never retried into a pass, the report kept, secrets from the cluster. */
    @Test
    void theJobKeepsTheExitCodeContractAndTheReport() throws Exception {
        for (String f : List.of("job.yaml", "analysis-template.yaml")) {
            String m = Files.readString(K8S.resolve(f));
            assertTrue(m.contains("backoffLimit: 0") && m.contains("restartPolicy: Never"), f);
            assertTrue(m.contains("\"verify\"") && m.contains("json=/reports/report.json"), f);
            assertTrue(m.contains("secretRef:") && !m.matches("(?s).*(PASSWORD|TOKEN|SECRET)\\s*[:=]\\s*\\S.*"), f);
        }
        assertTrue(Files.readString(K8S.resolve("analysis-template.yaml")).contains("failureLimit: 0"));
    }
}
