package dev.deploycheck.run;

import dev.deploycheck.checklist.Item;

/** Live progress: called from worker threads as items start and finish. */
public interface RunListener {
    RunListener NONE = new RunListener() {};

    default void started(Item item) {}

    default void finished(ItemResult result) {}
}
