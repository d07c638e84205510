package io.octaneroutes.gateway;

/**
 * The call budget of one Octane web method: at most {@link #perMinute()} calls in any window
 * of one "minute" and at most {@link #perHour()} in any window of one "hour", both at once. A
 * call holds its slot from the moment it is sent ({@link #acquire()}) until one window after
 * its answer ({@link #release()}): Octane counts it somewhere in between, so no window of
 * Octane's, however aligned (G-RL), sees more calls than the budget. {@link #blockFor(long)}
 * (fault 233's announced wait, HTTP 429's Retry-After) holds back every caller of the method.
 *
 * <p>Two implementations with the same semantics: {@link LocalRateBudget} (one instance, in
 * memory; the embedded H2 setup) and {@link SharedRateBudget} (every instance on one Octane
 * account, in PostgreSQL). {@link RateBudgets} picks one.
 */
public interface RateBudget {
    String method();

    int perMinute();

    int perHour();

    /** Waits until a call may be sent, then takes a slot. Every acquire must be followed by {@link #release()}. */
    void acquire() throws InterruptedException;

    /** Gives the slot back: it keeps counting for one window from now. */
    void release();

    /** Octane announced a wait: nobody calls this method until it has passed. */
    void blockFor(long millis);

    /** How many acquires (of this instance) had to wait, for metrics and benchmarks. */
    long waits();

    /** Calls that count in the current hour window, in flight included. */
    int usedThisHour();

    /** What the budget holds now: calls counting in the minute and hour windows (in flight included), and the end of a wait Octane announced (epoch millis, 0 for none). */
    Usage usage();

    record Usage(int minute, int hour, long blockedUntil) {
    }
}
