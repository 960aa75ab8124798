package dev.deploycheck.backend.knowledge;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Merges the search index's pending entries after uploads, off the request thread, one merge at a time; requests
 * that arrive while a merge is queued share it. The upload answers as soon as its chunks are committed (they are
 * searchable at once); the merge only makes later searches fast again.
 */
public final class IndexMerger implements AutoCloseable {
    private final DocumentRepository repository;
    private final AtomicBoolean queued = new AtomicBoolean();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "search-index-merge");
        t.setDaemon(true);
        return t;
    });

    public IndexMerger(DocumentRepository repository) {
        this.repository = repository;
    }

    public void request() {
        if (!queued.compareAndSet(false, true)) return;
        try {
            executor.execute(() -> {
                queued.set(false);
                repository.mergePendingIndexEntries();
            });
        } catch (RejectedExecutionException e) {
            queued.set(false);
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
