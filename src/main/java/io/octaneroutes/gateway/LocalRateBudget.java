package io.octaneroutes.gateway;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * The {@link RateBudget} of one instance alone, in memory: the single-instance (embedded H2)
 * setup. Several instances on one Octane account share a {@link SharedRateBudget} instead.
 *
 * <p>The call budget of one SOAP web method: at most {@code perMinute} calls in any window of
 * one "minute" and at most {@code perHour} in any window of one "hour" (window lengths are
 * configurable so tests can compress them).
 *
 * <p>Written by hand because Camel's Throttle holds one rate, not two windows at once, and
 * because the budget must be provably safe against Octane's own counting: a call holds its
 * slot from the moment it is sent until one window after its answer came back. Octane
 * counts the call somewhere between those two instants, so no window of Octane's (fixed or
 * sliding, however aligned, G-RL) can ever see more calls than the budget. Callers wait for a
 * slot instead of drawing fault 233. When Octane does announce a wait (fault 233 after all,
 * e.g. another client shares the account), {@link #blockFor(long)} stops every caller of the
 * method until it has passed.
 */
public final class LocalRateBudget implements RateBudget {
    private final String method;
    private final int perMinute;
    private final int perHour;
    private final long minuteMillis;
    private final long hourMillis;
    private final LongSupplier clock;
    /** finish times of answered calls that still count in the minute / hour window. */
    private final Deque<Long> minuteLog = new ArrayDeque<>();
    private final Deque<Long> hourLog = new ArrayDeque<>();
    private int inFlight;
    private long blockedUntil;
    private long waits;

    public LocalRateBudget(String method, int perMinute, int perHour, long minuteMillis, long hourMillis, LongSupplier clock) {
        if (perMinute < 1 || perHour < 1) {
            throw new IllegalArgumentException("budget of " + method + " must allow at least one call per window");
        }
        this.method = method;
        this.perMinute = perMinute;
        this.perHour = perHour;
        this.minuteMillis = minuteMillis;
        this.hourMillis = hourMillis;
        this.clock = clock;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public int perMinute() {
        return perMinute;
    }

    @Override
    public int perHour() {
        return perHour;
    }

    /** Waits until a call may be sent, then takes a slot. Every acquire must be followed by {@link #release()}. */
    @Override
    public synchronized void acquire() throws InterruptedException {
        boolean waited = false;
        while (true) {
            long now = clock.getAsLong();
            purge(now);
            long wait = 0;
            if (blockedUntil > now) {
                wait = blockedUntil - now;
            } else if (inFlight + minuteLog.size() >= perMinute || inFlight + hourLog.size() >= perHour) {
                wait = Long.MAX_VALUE;
                if (!minuteLog.isEmpty() && inFlight + minuteLog.size() >= perMinute) {
                    wait = minuteLog.peekFirst() + minuteMillis - now;
                }
                if (inFlight + hourLog.size() >= perHour && !hourLog.isEmpty()) {
                    wait = Math.max(wait == Long.MAX_VALUE ? 0 : wait, hourLog.peekFirst() + hourMillis - now);
                }
                if (wait == Long.MAX_VALUE) {
                    wait = 0; // only in-flight calls hold the budget: wait for a release
                }
            } else {
                inFlight++;
                if (waited) {
                    waits++;
                }
                return;
            }
            waited = true;
            if (wait > 0) {
                wait(Math.max(1, wait));
            } else {
                wait();
            }
        }
    }

    /** Gives the slot back: it keeps counting for one window from now. */
    @Override
    public synchronized void release() {
        long now = clock.getAsLong();
        inFlight = Math.max(0, inFlight - 1);
        minuteLog.addLast(now);
        hourLog.addLast(now);
        notifyAll();
    }

    /** Octane announced a wait (fault 233): nobody calls this method until it has passed. */
    @Override
    public synchronized void blockFor(long millis) {
        blockedUntil = Math.max(blockedUntil, clock.getAsLong() + millis);
        notifyAll();
    }

    /** How many acquires had to wait (for metrics and benchmarks). */
    @Override
    public synchronized long waits() {
        return waits;
    }

    @Override
    public synchronized Usage usage() {
        purge(clock.getAsLong());
        return new Usage(inFlight + minuteLog.size(), inFlight + hourLog.size(), blockedUntil);
    }

    /** Calls that count in the current hour window, in flight included. */
    @Override
    public synchronized int usedThisHour() {
        purge(clock.getAsLong());
        return inFlight + hourLog.size();
    }

    private void purge(long now) {
        while (!minuteLog.isEmpty() && minuteLog.peekFirst() + minuteMillis <= now) {
            minuteLog.removeFirst();
        }
        while (!hourLog.isEmpty() && hourLog.peekFirst() + hourMillis <= now) {
            hourLog.removeFirst();
        }
    }
}
