package io.octaneroutes.intake;

import java.util.concurrent.TimeUnit;

import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.support.CamelContextHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded HTTP server of the intake, status API, health and metrics: Camel's own
 * Vert.x platform-http server with {@link HttpGuard} in front of it.
 *
 * <p>Why a subclass: Camel's server creates its Vert.x HttpServer with default options and
 * no connection handler, and Vert.x accepts neither once the server listens. This one builds
 * the same router (Camel's {@link #initializeServer()}); only the listening part is ours: the
 * idle timeout, the guard's connection handler and the guard's handlers ahead of every route.
 * {@link IntakeHttpServerFactory} makes camel-main ({@code camel.server.*}) use it, and
 * camel-main's management server ({@code camel.management.*}: health, metrics) shares it
 * because it has the same port. The guard is the {@code httpGuard} bean (OctaneConfiguration).
 */
public class IntakeHttpServer extends VertxPlatformHttpServer {
    private static final Logger LOG = LoggerFactory.getLogger(IntakeHttpServer.class);
    public static final String GUARD_BEAN = "httpGuard";

    private final VertxPlatformHttpServerConfiguration configuration;
    private volatile HttpServer server;

    public IntakeHttpServer(VertxPlatformHttpServerConfiguration configuration) {
        super(configuration);
        this.configuration = configuration;
        configuration.setServerType(VertxPlatformHttpRouter.SERVER_TYPE_SERVER);
    }

    /** Fails unless the context's platform-http server is an IntakeHttpServer (the guard would not run otherwise). */
    public static void verifyInstalled(org.apache.camel.CamelContext context) {
        VertxPlatformHttpServer server = context.hasService(VertxPlatformHttpServer.class);
        if (server != null && !(server instanceof IntakeHttpServer)) {
            throw new IllegalStateException("the HTTP server is not octane-routes' guarded one: "
                    + "camel.main.mainListenerClasses must name " + IntakeHttpServerFactory.class.getName());
        }
    }

    @Override
    protected void startServer() throws Exception {
        HttpGuard guard = CamelContextHelper.mandatoryLookup(getCamelContext(), GUARD_BEAN, HttpGuard.class);
        if (configuration.isUseGlobalSslContextParameters() || configuration.getSslContextParameters() != null) {
            // Camel's TLS set-up of the server is not public API; refusing beats silently serving plain HTTP
            throw new IllegalStateException("TLS on the embedded HTTP server is not supported: terminate TLS in front of it "
                    + "(ingress, proxy) and leave camel.server.useGlobalSslContextParameters unset");
        }
        HttpServerOptions options = new HttpServerOptions()
                // no h2c: with it on, Vert.x holds a new connection undecided (no connection handler
                // called) until enough bytes arrive to tell HTTP/1 from HTTP/2, and a half-open one never does
                .setHttp2ClearTextEnabled(false)
                .setIdleTimeout((int) guard.limits().idleTimeout().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(getCamelContext(),
                VertxPlatformHttpRouter.getRouterNameFromPort(configuration.getPort()));
        guard.install(getVertx(), router);
        HttpServer created = getVertx().createHttpServer(options);
        created.connectionHandler(guard::connected);
        created.requestHandler(request -> {
            guard.requestStarted(request);
            router.handle(request);
        });
        created.listen(configuration.getBindPort(), configuration.getBindHost()).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        server = created;
        HttpGuard.Limits l = guard.limits();
        LOG.info("HTTP server on {}:{} (at most {} connections; request headers within {}, body within {}, idle {})",
                configuration.getBindHost(), created.actualPort(), l.maxConnections(), l.headerTimeout(), l.bodyTimeout(), l.idleTimeout());
    }

    @Override
    protected void stopServer() {
        HttpServer s = server;
        server = null;
        if (s == null) {
            return;
        }
        getCamelContext().removeComponent(PlatformHttpConstants.PLATFORM_HTTP_COMPONENT_NAME);
        try {
            s.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("HTTP server did not close cleanly: {}", e.getClass().getSimpleName());
        }
    }

    /** Vert.x made by this server (none in the registry) is closed with it; Camel's own stop needs its executor, which it never had. */
    @Override
    protected void stopVertx() {
        io.vertx.core.Vertx vertx = getVertx();
        if (vertx != null && lookupVertx() == null) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("Vert.x did not close cleanly: {}", e.getClass().getSimpleName());
            }
        }
    }

    /** Camel's platform-http engine asks the server for its port through this. */
    @Override
    public HttpServer getServer() {
        return server;
    }

    @Override
    public int getPort() {
        HttpServer s = server;
        return s != null ? s.actualPort() : configuration.getBindPort();
    }
}
