package io.octaneroutes.sim;

import java.time.Duration;
import java.time.Instant;

/** The simulator's clock: simulated time runs {@code speed} times faster than real time, and tests can jump it ahead. */
public class SimClock {
    private final Instant start = Instant.now();
    private final long startNanos = System.nanoTime();
    private volatile double speed;
    private volatile long offsetMillis;

    public SimClock(double speed) {
        this.speed = speed;
    }

    public synchronized Instant now() {
        long realMillis = (System.nanoTime() - startNanos) / 1_000_000;
        return start.plusMillis((long) (realMillis * speed) + offsetMillis);
    }

    public double speed() {
        return speed;
    }

    public synchronized void advance(Duration d) {
        offsetMillis += d.toMillis();
    }
}
