package io.octaneroutes.bench;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Watches the application's outbox for the final event of each request (completed, failed,
 * parked) and keeps when it was written. A watch (inotify on Linux) rather than asking the
 * status API, so that measuring the application costs the application nothing.
 */
final class Outcomes implements AutoCloseable {
    private static final String[] FINAL = {"completed", "failed", "parked"};

    /** requestId → final event type and the epoch millis of the event (from the file name). */
    record Outcome(String type, long at) {
    }

    private final Path outbox;
    private final WatchService watch;
    private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    private final Thread thread;

    Outcomes(Path outbox) throws IOException {
        this.outbox = outbox;
        Files.createDirectories(outbox);
        this.watch = outbox.getFileSystem().newWatchService();
        outbox.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
        rescan();
        thread = new Thread(this::run, "outbox-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = watch.take();
                for (WatchEvent<?> e : key.pollEvents()) {
                    if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
                        rescan(); // the kernel's queue overflowed: read the folder instead
                    } else {
                        note(((Path) e.context()).getFileName().toString());
                    }
                }
                key.reset();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void rescan() throws IOException {
        try (Stream<Path> files = Files.list(outbox)) {
            files.forEach(f -> note(f.getFileName().toString()));
        }
    }

    /** {@code <epoch-millis>-<sequence>-<requestId>-<type>.json} (Events). */
    private void note(String name) {
        if (!name.endsWith(".json") || name.startsWith(".")) {
            return;
        }
        String base = name.substring(0, name.length() - ".json".length());
        for (String type : FINAL) {
            if (base.endsWith("-" + type)) {
                int first = base.indexOf('-');
                int second = base.indexOf('-', first + 1);
                String requestId = base.substring(second + 1, base.length() - type.length() - 1);
                outcomes.putIfAbsent(requestId, new Outcome(type, Long.parseLong(base.substring(0, first))));
            }
        }
    }

    int count() {
        return outcomes.size();
    }

    Map<String, Outcome> all() {
        return Map.copyOf(outcomes);
    }

    /** Waits until {@code n} requests have a final event; fails after {@code timeout}. */
    void awaitCount(int n, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(20)).pollInSameThread()
                .alias(n + " requests with a final event").until(() -> outcomes.size() >= n);
    }

    @Override
    public void close() throws IOException {
        watch.close();
        thread.interrupt();
    }
}
