package io.octaneroutes.app;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A readiness (never liveness) check of one dependency, in Camel's health registry (group
 * {@code octane}, shown at {@code /observe/health/ready}): DOWN while the dependency cannot be
 * used, so no traffic is routed to an instance that could not serve it, but the instance is not
 * restarted for it (liveness stays UP) and is ready again as soon as the dependency is back.
 *
 * <p>Each call is bounded by {@code health.timeout}: a pool waiting for a connection (HikariCP
 * waits its connectionTimeout) or a broker that accepts the TCP connection and never answers
 * would otherwise hold the probe past its own timeout. Camel's health checks have no timeout of
 * their own, hence the small executor; at most one check runs per dependency: a call while the
 * previous one still runs waits for that one instead of starting another.
 *
 * <p>A DOWN message names what failed in our words plus the root cause's class and message with
 * anything URL-like and any {@code password=} masked ({@link #describe}).
 */
abstract class ReadinessCheck extends AbstractHealthCheck {
    private static final Pattern URL = Pattern.compile("(?i)\\b(?:jdbc:[a-z0-9]+:|[a-z][a-z0-9+.-]*://)\\S*");
    private static final Pattern SECRET = Pattern.compile("(?i)(password|passwd|pwd|secret|token|api-key)(\\s*[=:]\\s*)\\S+");
    private static final ExecutorService CHECKS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "octane-health-check");
        t.setDaemon(true);
        return t;
    });

    private final Duration timeout;
    private CompletableFuture<Verdict> running;

    ReadinessCheck(String id, Duration timeout) {
        super("octane", id);
        this.timeout = timeout;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    /** What is checked, for the timeout's message ("the database"). */
    abstract String what();

    /** What one check found: {@code down} null when the dependency is usable, else the DOWN message; details for {@code exposureLevel=full}. */
    record Verdict(String down, Map<String, Object> details) {
        static Verdict up(Map<String, Object> details) {
            return new Verdict(null, details);
        }

        static Verdict down(String message) {
            return new Verdict(message, Map.of());
        }
    }

    /** Checks the dependency (in a thread of its own, bounded by health.timeout). */
    abstract Verdict check() throws Exception;

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        CompletableFuture<Verdict> call;
        synchronized (this) {
            if (running == null || running.isDone()) {
                running = CompletableFuture.supplyAsync(() -> {
                    try {
                        return check();
                    } catch (Exception e) {
                        return Verdict.down(what() + " cannot be reached: " + describe(e));
                    }
                }, CHECKS);
            }
            call = running;
        }
        Verdict verdict;
        try {
            verdict = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            verdict = Verdict.down(what() + " did not answer within " + timeout.toMillis() + " ms (health.timeout)");
        } catch (ExecutionException e) {
            verdict = Verdict.down(what() + " cannot be reached: " + describe(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            verdict = Verdict.down("interrupted while checking " + what());
        }
        verdict.details().forEach(builder::detail);
        if (verdict.down() == null) {
            builder.up();
        } else {
            builder.down().message(verdict.down());
        }
    }

    /** The root cause as "Class: message", URLs and secrets masked, at most 200 characters. */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        message = SECRET.matcher(URL.matcher(message).replaceAll("<url>")).replaceAll("$1$2***");
        String out = root.getClass().getSimpleName() + message;
        return out.length() > 200 ? out.substring(0, 200) + "…" : out;
    }
}
