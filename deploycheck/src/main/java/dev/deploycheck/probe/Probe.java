package dev.deploycheck.probe;

/** A probe ready to run against the live system. Must respect the context's deadline and be interruptible. */
@FunctionalInterface
public interface Probe {
    Observation run(ProbeContext context) throws Exception;
}
