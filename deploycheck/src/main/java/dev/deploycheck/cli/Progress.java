package dev.deploycheck.cli;

import dev.deploycheck.checklist.Item;
import dev.deploycheck.run.ItemResult;
import dev.deploycheck.run.RunListener;
import java.io.PrintWriter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Live progress on a terminal: one line on stderr, rewritten as items start and finish, cleared at the end. */
final class Progress implements RunListener {
    private final PrintWriter err;
    private final int total;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    Progress(PrintWriter err, int total) {
        this.err = err;
        this.total = total;
    }

    @Override
    public void started(Item item) {
        running.add(item.id());
        draw();
    }

    @Override
    public void finished(ItemResult result) {
        running.remove(result.id());
        done.incrementAndGet();
        if (result.failsRun()) {
            failed.incrementAndGet();
        }
        draw();
    }

    private synchronized void draw() {
        String names = String.join(", ", running);
        if (names.length() > 50) {
            names = names.substring(0, 47) + "...";
        }
        err.print("\r\033[2K[" + done.get() + "/" + total + "] " + (failed.get() > 0 ? failed.get() + " failing · " : "")
                + (names.isEmpty() ? "" : "running " + names));
        err.flush();
    }

    synchronized void clear() {
        err.print("\r\033[2K");
        err.flush();
    }
}
