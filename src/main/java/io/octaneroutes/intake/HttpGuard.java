package io.octaneroutes.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the HTTP server does before Camel sees a request (issue 12, items 1, 3, 4 and 8):
 * <ul>
 * <li><b>Connections.</b> A connection must complete a request's headers within
 * {@code server.header-timeout} of opening, or of its previous answer, or it is closed (a
 * half-open connection is never kept). A request's body must arrive within
 * {@code server.body-timeout}. At most {@code server.max-connections} are open: a new one
 * beyond the bound closes the oldest connection that is waiting for headers (so a flood of
 * half-open connections cannot keep health or a real client out), or is itself closed when every
 * connection is busy with a request.</li>
 * <li><b>{@code /api/*}.</b> Credentials are checked from the real request headers, before any
 * body is read: a query-string or form field never authenticates. Then a body must be
 * {@code application/json} (415) and no longer than {@code intake.max-bytes} by its
 * Content-Length (413); a chunked body is bounded by the body handler while it is read.</li>
 * <li><b>{@code /observe/metrics}.</b> With {@code server.metrics.token} set, a scrape needs
 * {@code Authorization: Bearer <token>}; health stays open for probes.</li>
 * <li><b>{@code /q/dev}.</b> Camel's developer console (when {@code camel.main.devConsoleEnabled}
 * is true) shows routes, configuration and the messages in flight: an operator's credential
 * only (401 without one, 403 for a client's). Camel's management server has a Basic/JWT
 * authentication of its own ({@code camel.management.authenticationEnabled}), but for every
 * path it serves, health included, and with a credential file of its own; this one gate keeps
 * health open and reuses the operators' credentials.</li>
 * </ul>
 * Our own code because neither Camel's platform-http nor Vert.x offers it: Vert.x's
 * HttpServerOptions has an idle timeout (which a slow sender defeats) but no header-read
 * timeout and no connection bound, and Camel's consumer authenticates only after the body
 * handler has read the body.
 */
public final class HttpGuard {
    private static final Logger LOG = LoggerFactory.getLogger(HttpGuard.class);

    private final HttpAuth auth;
    private final Limits limits;
    private final byte[] metricsAuthorization;
    private Vertx vertx;

    /** open connection → its header timer (null while it is busy with a request). */
    private final Map<HttpConnection, Long> open = new IdentityHashMap<>();
    /** connections waiting for request headers, oldest first. */
    private final LinkedHashMap<HttpConnection, Boolean> waiting = new LinkedHashMap<>();

    private final AtomicLong closedHalfOpen = new AtomicLong();
    private final AtomicLong closedSlowBody = new AtomicLong();
    private final AtomicLong evicted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong rejectedBeforeBody = new AtomicLong();
    private volatile long lastReport;

    /** The bounds of the server. */
    public record Limits(Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout, int maxConnections, long maxBodyBytes) {
    }

    public HttpGuard(HttpAuth auth, Limits limits, String metricsToken) {
        this.auth = auth;
        this.limits = limits;
        this.metricsAuthorization = metricsToken == null || metricsToken.isBlank() ? null
                : ("Bearer " + metricsToken.trim()).getBytes(StandardCharsets.UTF_8);
    }

    public Limits limits() {
        return limits;
    }

    /** Connections closed because their request headers did not arrive in time. */
    public long closedHalfOpen() {
        return closedHalfOpen.get();
    }

    /** Connections closed to make room for a new one (the oldest waiting for headers). */
    public long evicted() {
        return evicted.get();
    }

    /** New connections closed at once because every open one was busy. */
    public long refused() {
        return refused.get();
    }

    /** Requests answered 401/413/415 before their body was read. */
    public long rejectedBeforeBody() {
        return rejectedBeforeBody.get();
    }

    public synchronized int openConnections() {
        return open.size();
    }

    /** Adds the gate handlers in front of every route of the server's router. */
    void install(Vertx vertx, Router router) {
        this.vertx = vertx;
        router.route().order(Integer.MIN_VALUE).handler(this::everyRequest);
        router.route("/api/*").order(Integer.MIN_VALUE + 1).handler(this::apiGate);
        router.route("/observe/metrics").order(Integer.MIN_VALUE + 1).handler(this::metricsGate);
        router.route("/q/dev*").order(Integer.MIN_VALUE + 1).handler(this::operatorGate);
    }

    /** Server connection handler: counts it, bounds the number, starts its header timer. */
    void connected(HttpConnection connection) {
        List<HttpConnection> toClose = new ArrayList<>();
        synchronized (this) {
            open.put(connection, null);
            if (open.size() > limits.maxConnections()) {
                Iterator<HttpConnection> oldest = waiting.keySet().iterator();
                if (oldest.hasNext()) {
                    HttpConnection victim = oldest.next();
                    forget(victim);
                    toClose.add(victim);
                    evicted.incrementAndGet();
                } else {
                    forget(connection);
                    toClose.add(connection);
                    refused.incrementAndGet();
                }
            }
            if (open.containsKey(connection)) {
                awaitHeaders(connection);
            }
        }
        connection.closeHandler(v -> {
            synchronized (this) {
                forget(connection);
            }
        });
        toClose.forEach(HttpConnection::close);
        report();
    }

    /** Server request handler, before the router: the headers are in, the header timer stops; the body gets its own. */
    void requestStarted(HttpServerRequest request) {
        HttpConnection connection = request.connection();
        synchronized (this) {
            if (open.containsKey(connection)) {
                Long timer = open.put(connection, null);
                waiting.remove(connection);
                if (timer != null) {
                    vertx.cancelTimer(timer);
                }
            }
        }
        if (!request.isEnded()) {
            vertx.setTimer(limits.bodyTimeout().toMillis(), id -> {
                if (!request.isEnded()) {
                    closedSlowBody.incrementAndGet();
                    connection.close();
                    report();
                }
            });
        }
    }

    private void everyRequest(RoutingContext ctx) {
        HttpConnection connection = ctx.request().connection();
        // once answered, the connection waits for its next request's headers under the same timeout
        ctx.addEndHandler(ar -> {
            synchronized (this) {
                if (open.containsKey(connection) && open.get(connection) == null) {
                    awaitHeaders(connection);
                }
            }
        });
        ctx.next();
    }

    private void apiGate(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!auth.accepts(request.getHeader(HttpAuth.API_KEY_HEADER), request.getHeader("Authorization"))) {
            ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"octane-routes\"");
            reject(ctx, 401, "UNAUTHORIZED", auth.refusal());
            return;
        }
        if (request.method() == HttpMethod.POST || request.method() == HttpMethod.PUT || request.method() == HttpMethod.PATCH) {
            if (!isJson(request.getHeader("Content-Type"))) {
                reject(ctx, 415, "UNSUPPORTED_MEDIA_TYPE", "the body must be sent with Content-Type: application/json");
                return;
            }
            long length = contentLength(request.getHeader("Content-Length"));
            if (length > limits.maxBodyBytes()) {
                reject(ctx, 413, "REJECTED", "request is " + length + " bytes; the limit is " + limits.maxBodyBytes() + " (intake.max-bytes)");
                return;
            }
        }
        ctx.next();
    }

    private void operatorGate(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        java.util.Optional<HttpAuth.Caller> caller = auth.identify(request.getHeader(HttpAuth.API_KEY_HEADER), request.getHeader("Authorization"));
        if (caller.isEmpty()) {
            ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"octane-routes\"");
            reject(ctx, 401, "UNAUTHORIZED", auth.refusal());
            return;
        }
        if (!caller.get().operator()) {
            reject(ctx, 403, "FORBIDDEN", "the developer console needs an operator's credential (ops.operators)");
            return;
        }
        ctx.next();
    }

    private void metricsGate(RoutingContext ctx) {
        String authorization = ctx.request().getHeader("Authorization");
        if (metricsAuthorization != null && (authorization == null
                || !MessageDigest.isEqual(metricsAuthorization, authorization.trim().getBytes(StandardCharsets.UTF_8)))) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"octane-routes-metrics\"");
            reject(ctx, 401, "UNAUTHORIZED", "metrics need header Authorization: Bearer <server.metrics.token>");
            return;
        }
        ctx.next();
    }

    /**
     * Answers without reading the body. A body still on its way is not read at all: the
     * connection closes after the answer, so the sender's bytes never reach memory.
     */
    private void reject(RoutingContext ctx, int status, String label, String reason) {
        rejectedBeforeBody.incrementAndGet();
        HttpServerRequest request = ctx.request();
        boolean bodyPending = !request.isEnded();
        if (bodyPending) {
            ctx.response().putHeader("Connection", "close");
        }
        String body = "{\"status\":\"" + label + "\",\"errors\":[\"" + reason.replace("\"", "'") + "\"]}";
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body).onComplete(ar -> {
            if (bodyPending) {
                request.connection().close();
            }
        });
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json");
    }

    private static long contentLength(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Under the lock: (re)starts the connection's header timer and puts it last among the waiting. */
    private void awaitHeaders(HttpConnection connection) {
        long timer = vertx.setTimer(limits.headerTimeout().toMillis(), id -> {
            boolean close;
            synchronized (this) {
                close = Long.valueOf(id).equals(open.get(connection));
                if (close) {
                    forget(connection);
                }
            }
            if (close) {
                closedHalfOpen.incrementAndGet();
                connection.close();
                report();
            }
        });
        Long previous = open.put(connection, timer);
        if (previous != null) {
            vertx.cancelTimer(previous);
        }
        waiting.remove(connection);
        waiting.put(connection, Boolean.TRUE);
    }

    /** Under the lock: no longer counted. */
    private void forget(HttpConnection connection) {
        Long timer = open.remove(connection);
        waiting.remove(connection);
        if (timer != null && vertx != null) {
            vertx.cancelTimer(timer);
        }
    }

    /** At most one line a minute, and only when something was closed: a flood must not flood the log too. */
    private void report() {
        long now = System.currentTimeMillis();
        long half = closedHalfOpen.get();
        long ev = evicted.get();
        long ref = refused.get();
        long slow = closedSlowBody.get();
        if (half + ev + ref + slow > 0 && now - lastReport > 60_000) {
            lastReport = now;
            LOG.warn("HTTP connections closed so far: {} without request headers within {}, {} without their body within {}, "
                    + "{} evicted at the bound of {}, {} refused (all busy)",
                    half, limits.headerTimeout(), slow, limits.bodyTimeout(), ev, limits.maxConnections(), ref);
        }
    }
}
