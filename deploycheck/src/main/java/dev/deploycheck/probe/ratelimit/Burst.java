package dev.deploycheck.probe.ratelimit;

import dev.deploycheck.probe.web.WebResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends at most {@code max} requests with {@code workers} threads and stops starting new ones at the first 429
 * (requests already in flight finish) or at the first transport failure. Each request gets a ticket number when it
 * starts, so "limited after N" is the ticket of the first request answered 429.
 */
final class Burst {
    /** What the burst saw. {@code limitedAfter} is 0 when no 429 came. */
    record Result(int sent, int responses, Map<String, Integer> statuses, int count429, int limitedAfter,
            WebResponse first429, int errors, IOException firstError) {}

    private final int max;
    private final int workers;

    Burst(int max, int workers) {
        this.max = max;
        this.workers = Math.min(workers, max);
    }

    Result run(RateLimitProbe.Send send) throws InterruptedException {
        AtomicInteger tickets = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        Object lock = new Object();
        Map<String, Integer> statuses = new TreeMap<>();
        int[] counts = new int[3]; // responses, 429s, errors
        Object[] first = new Object[3]; // first 429 response, its ticket, first error
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            Thread t = new Thread(() -> {
                while (!stop.get() && !Thread.currentThread().isInterrupted()) {
                    int ticket = tickets.incrementAndGet();
                    if (ticket > max) {
                        tickets.decrementAndGet();
                        return;
                    }
                    try {
                        WebResponse r = send.send();
                        synchronized (lock) {
                            counts[0]++;
                            statuses.merge(String.valueOf(r.status()), 1, Integer::sum);
                            if (r.status() == 429) {
                                counts[1]++;
                                if (first[0] == null || ticket < (int) first[1]) {
                                    first[0] = r;
                                    first[1] = ticket;
                                }
                                stop.set(true);
                            }
                        }
                    } catch (IOException e) {
                        synchronized (lock) {
                            counts[2]++;
                            if (first[2] == null) {
                                first[2] = e;
                            }
                        }
                        stop.set(true);
                    } catch (InterruptedException e) {
                        stop.set(true);
                        return;
                    }
                }
            }, "rate-limit-burst-" + w);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            stop.set(true);
            threads.forEach(Thread::interrupt);
            throw e;
        }
        synchronized (lock) {
            return new Result(tickets.get(), counts[0], Collections.unmodifiableMap(new TreeMap<>(statuses)), counts[1],
                    first[1] == null ? 0 : (int) first[1], (WebResponse) first[0], counts[2], (IOException) first[2]);
        }
    }
}
