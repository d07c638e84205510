package io.octaneroutes.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;


import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.StartupListener;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.CachingConnectionFactory;

import io.octaneroutes.events.Events;
import io.octaneroutes.flow.FlowRunner;
import io.octaneroutes.flow.MobileRules;
import io.octaneroutes.flow.OctaneRequests;
import io.octaneroutes.flow.OrderAwait;
import io.octaneroutes.flow.Reconciler;
import io.octaneroutes.flow.StepJournal;
import io.octaneroutes.gateway.GatewayConfig;
import io.octaneroutes.gateway.OctaneGateway;
import io.octaneroutes.gateway.RateBudgets;
import io.octaneroutes.gateway.RestOperation;
import io.octaneroutes.gateway.SoapOperation;
import io.octaneroutes.intake.Intake;
import io.octaneroutes.intake.IntakeValidator;
import io.octaneroutes.journal.Journal;
import io.octaneroutes.poller.OrderPoller;
import io.octaneroutes.sim.OctaneSimulator;
import io.octaneroutes.sim.SimulatorConfig;

/**
 * Wires octane-routes into a CamelContext from the operator contract's keys: the embedded
 * simulator, broker and database when no external ones are configured, the journal, the
 * Octane gateway (cxf endpoints, rate budgets, routes), and the beans the YAML routes call.
 * Loaded by camel-main through {@code camel.main.configurationClasses}, so the same wiring
 * serves {@code java -jar} and a Camel K integration.
 */
public class OctaneConfiguration implements CamelConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(OctaneConfiguration.class);

    static {
        httpClientSafety();
    }

    /**
     * JVM-wide HTTP client settings the gateway depends on; called before any HTTP class loads.
     * <ul>
     * <li>CXF 4's default conduit (java.net.http) lost request bodies against a plain JDK HTTP
     * server in our tests; the HttpURLConnection conduit is CXF's long-proven one.</li>
     * <li>HttpURLConnection silently re-sends a POST once when the connection drops before the
     * answer. For orderCreate that is a second order (G-IDEMP): never.</li>
     * </ul>
     */
    public static void httpClientSafety() {
        if (System.getProperty("org.apache.cxf.transport.http.forceURLConnection") == null) {
            System.setProperty("org.apache.cxf.transport.http.forceURLConnection", "true");
        }
        System.setProperty("sun.net.http.retryPost", "false");
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        // cluster.enabled with the embedded database, broker or simulator: refused before anything starts
        ClusterMode.refuseMisconfiguration(settings);
        ObjectMapper json = JsonMapper.builder().findAndAddModules().build();

        startSimulatorIfWanted(context, settings);
        String soapUrl = settings.required("octane.soap.url");
        String restUrl = settings.required("octane.rest.url");

        // journal, order store and Quartz JobStore on one database
        HikariDataSource dataSource = dataSource(settings);
        context.addService(new Closer(context, dataSource), true, false);
        Journal journal = new Journal(dataSource, json);
        journal.createSchema(); // Flyway: the journal's, the rate budgets' and Quartz's tables
        boolean postgres = "postgresql".equals(io.octaneroutes.journal.Schema.vendor(dataSource));
        ClusterMode.checkClock(settings, dataSource);
        configureQuartz(context, settings, journal);

        ActiveMQConnectionFactory brokerConnections = configureJms(context, settings);

        // Octane gateway. Octane's limits are per account: on PostgreSQL one budget per account and
        // method for the whole cluster
        RateBudgets budgets = new RateBudgets(rateLimits(settings), postgres ? dataSource : null);
        GatewayConfig gateway = gatewayConfig(settings, soapUrl, restUrl);
        OctaneGateway.bindSoapEndpoints(context, gateway);
        ProducerTemplate template = context.createProducerTemplate();
        io.octaneroutes.journal.OperationsStore operationsStore = new io.octaneroutes.journal.OperationsStore(journal);
        FlowRunner.Leases leases = leases(context, settings);
        // the events' outbox relay: stopped before the broker connections it uses (services stop in reverse order)
        io.octaneroutes.events.EventRelay relay = new io.octaneroutes.events.EventRelay(dataSource, brokerConnections,
                settings.get("events.topic", "octane.events"), Path.of(settings.get("events.dir", "./data/outbox")), leases.owner(),
                leases.lease().toMillis(), !settings.flag(ClusterMode.KEY, false), 200);
        context.addService(relay, true, false);
        Events events = new Events(operationsStore, relay);
        Duration pollInterval = settings.duration("octane.poll.min-interval", "30m");
        Duration nbnPollInterval = settings.duration("octane.nbn.poll-interval", "30m");
        StepJournal steps = new StepJournal(journal, events, pollInterval, nbnPollInterval);
        OctaneGateway octane = new OctaneGateway(gateway, budgets, steps, json);
        context.addRoutes(octane);
        readinessChecks(context, settings, dataSource, brokerConnections, octane, soapUrl);

        // beans the routes call
        FlowRunner runner = new FlowRunner(journal, events, settings.duration("octane.retry.park-delay", "5m"),
                settings.getInt("octane.retry.max-parks", 36), leases);
        OrderPoller poller = new OrderPoller(journal, events, runner, budgets, new OrderPoller.PollSettings(pollInterval, nbnPollInterval,
                gateway.readTimeout(), settings.getInt("octane.poll.batch", 200), settings.getInt("octane.poll.max-unreadable", 5),
                settings.duration("octane.poll.max-age", "30d")));
        poller.setTemplate(template);
        Reconciler reconciler = new Reconciler(journal, settings.duration("octane.reconcile.settle",
                settings.get("octane.read-timeout", "60s")));
        reconciler.setTemplate(template);
        bind(context, "reconciler", reconciler);
        bind(context, "journal", journal);
        bind(context, "rateBudgets", budgets);
        bind(context, "events", events);
        bind(context, "steps", steps);
        bind(context, "flowRunner", runner);
        bind(context, "orderAwait", new OrderAwait(journal));
        bind(context, "awaitInput", new io.octaneroutes.flow.AwaitInput(journal, events,
                settings.duration("flows.await-input.expiry", "1h"), settings.getInt("octane.otp.max-attempts", 3)));
        bind(context, "orderPoller", poller);
        bind(context, "octaneRequests", new OctaneRequests(settings.get("octane.esim.query-value", "WME_ESIM")));
        bind(context, "mobileRules", new MobileRules());
        bind(context, "nbnRequests", new io.octaneroutes.flow.NbnRequests());
        bind(context, "nbnRules", new io.octaneroutes.flow.NbnRules());
        bind(context, "connectYouRequests", new io.octaneroutes.flow.ConnectYouRequests());
        io.octaneroutes.intake.HttpAuth httpAuth = new io.octaneroutes.intake.HttpAuth(credentials(settings));
        bind(context, "httpAuth", httpAuth);
        bindHttpGuard(context, settings, httpAuth);
        io.octaneroutes.intake.MetricLabels.install(context);
        // octane_* metrics beside Camel's, on the registry Camel serves; gauges from a journal snapshot at most 5 s old
        bind(context, "octaneMetrics", new io.octaneroutes.ops.OctaneMetrics(operationsStore, budgets, Duration.ofSeconds(5),
                java.time.Clock.systemUTC()).bindTo(context.getRegistry().lookupByNameAndType(io.octaneroutes.intake.MetricLabels.REGISTRY_BEAN,
                        io.micrometer.core.instrument.MeterRegistry.class)));
        java.util.Map<String, String> pathClients = new java.util.HashMap<>();
        settings.optional("intake.file.client").ifPresent(c -> pathClients.put("file", c));
        settings.optional("intake.jms.client").ifPresent(c -> pathClients.put("jms", c));
        bind(context, "intake", new Intake(new IntakeValidator(settings.getInt("intake.max-bytes", 262144)), journal, events, pathClients));
        bind(context, "operations", new io.octaneroutes.ops.Operations(journal, operationsStore, events, budgets));
        bind(context, "intakeFiles", new io.octaneroutes.intake.FileIntake(Path.of(settings.get("intake.dir", "./data/inbox")),
                settings.getInt("intake.max-bytes", 262144)));
        bind(context, "intakeMessages", new io.octaneroutes.intake.JmsIntake(settings.getInt("intake.max-bytes", 262144)));
        // the file drop's read lock on this database, shared by every instance reading the folder
        Duration fileLockMaxAge = settings.duration("intake.file.lock-max-age", "30s");
        if (fileLockMaxAge.toMillis() < 3000) {
            throw new IllegalStateException("intake.file.lock-max-age must be at least 3s (its heartbeat is a third of it)");
        }
        bind(context, "intakeFileLocks", new io.octaneroutes.intake.FileLocks(dataSource, context, fileLockMaxAge));

        // the poller's Quartz trigger takes milliseconds
        context.getPropertiesComponent().addOverrideProperty("octane.poll.tick-millis",
                String.valueOf(settings.duration("octane.poll.tick", "10s").toMillis()));

        // no "resume everything" at start-up: the work queue and the leases hand a dead instance's
        // requests (this one's earlier life included) to whichever instance is alive (FlowRunner)
    }

    /**
     * The three readiness checks (Camel health checks picked up from the registry, group
     * {@code octane}; {@code /observe/health/ready}, Camel K's readiness probe): the database, the
     * broker and Octane, each DOWN on its own while it cannot be used. Liveness stays UP.
     */
    private static void readinessChecks(CamelContext context, Settings settings, javax.sql.DataSource dataSource,
            jakarta.jms.ConnectionFactory broker, OctaneGateway octane, String soapUrl) {
        Duration timeout = settings.duration("health.timeout", "5s");
        bind(context, "octaneDatabaseHealth", new DatabaseHealthCheck(dataSource, timeout));
        bind(context, "octaneBrokerHealth", new BrokerHealthCheck(broker, timeout));
        bind(context, "octaneReachability", octane.reachability());
        bind(context, "octaneApiHealth", new OctaneHealthCheck(octane.reachability(), soapUrl,
                settings.duration("health.octane.max-age", "60s"), timeout, java.time.Clock.systemUTC()));
    }

    /**
     * The guard of the HTTP server (intake, status API, health, metrics; issue 12: credentials
     * before bodies, header/body timeouts, a connection bound). The server itself is camel-main's
     * {@code camel.server}, made an IntakeHttpServer by IntakeHttpServerFactory.
     */
    private static void bindHttpGuard(CamelContext context, Settings settings, io.octaneroutes.intake.HttpAuth httpAuth) {
        io.octaneroutes.intake.IntakeHttpServer.verifyInstalled(context);
        io.octaneroutes.intake.HttpGuard.Limits limits = new io.octaneroutes.intake.HttpGuard.Limits(
                settings.duration("server.header-timeout", "10s"), settings.duration("server.body-timeout", "30s"),
                settings.duration("server.idle-timeout", "60s"), settings.getInt("server.max-connections", 1000),
                settings.getInt("intake.max-bytes", 262144));
        bind(context, io.octaneroutes.intake.IntakeHttpServer.GUARD_BEAN,
                new io.octaneroutes.intake.HttpGuard(httpAuth, limits, settings.optional("server.metrics.token").orElse(null)));
    }

    /**
     * The HTTP API's credentials (HttpAuth): the single client of earlier versions
     * ({@code intake.http.api-key}, {@code intake.http.username}/{@code password}); named clients,
     * one per sending system ({@code intake.http.clients=crm,shop} with
     * {@code intake.http.client.<name>.api-key} and/or {@code .password}, Basic user = the name);
     * operators ({@code ops.operators=alice} with {@code ops.operator.<name>.api-key|password}).
     * Listed by name so that each secret can come from the environment
     * ({@code INTAKE_HTTP_CLIENT_CRM_API_KEY}) or a mounted secret.
     */
    static List<io.octaneroutes.intake.HttpAuth.Credential> credentials(Settings settings) {
        List<io.octaneroutes.intake.HttpAuth.Credential> out = new ArrayList<>();
        String legacyKey = settings.optional("intake.http.api-key").orElse(null);
        String legacyPassword = settings.optional("intake.http.password").orElse(null);
        if (legacyKey != null || legacyPassword != null) {
            out.add(new io.octaneroutes.intake.HttpAuth.Credential(settings.get("intake.http.username", "default"), false, legacyKey,
                    settings.optional("intake.http.username").isPresent() ? legacyPassword : null));
        }
        for (String[] kind : new String[][] {{"intake.http.clients", "intake.http.client."}, {"ops.operators", "ops.operator."}}) {
            for (String name : settings.get(kind[0], "").split(",")) {
                String n = name.trim();
                if (n.isEmpty()) {
                    continue;
                }
                if (!n.matches("[A-Za-z0-9_-]{1,40}")) {
                    throw new IllegalStateException(kind[0] + ": a name is 1-40 characters of A-Z a-z 0-9 _ -, not '" + n + "'");
                }
                String key = settings.optional(kind[1] + n + ".api-key").orElse(null);
                String password = settings.optional(kind[1] + n + ".password").orElse(null);
                if (key == null && password == null) {
                    throw new IllegalStateException(kind[1] + n + ".api-key or " + kind[1] + n + ".password must be set");
                }
                out.add(new io.octaneroutes.intake.HttpAuth.Credential(n, kind[0].startsWith("ops"), key, password));
            }
        }
        return out;
    }

    /**
     * This instance's leases: an owner name unique to this process (host, pid, a random part: a
     * restarted instance is a new owner, so its earlier life's leases expire like a dead peer's),
     * the lease and its heartbeat, and when the sweep queues an unclaimed request again.
     */
    private static FlowRunner.Leases leases(CamelContext context, Settings settings) {
        Duration lease = settings.duration("flows.lease", "30s");
        if (lease.toMillis() < 3000) {
            throw new IllegalStateException("flows.lease must be at least 3s (its heartbeat is a third of it)");
        }
        context.getPropertiesComponent().addOverrideProperty("flows.lease-heartbeat-millis", String.valueOf(lease.toMillis() / 3));
        String owner = java.lang.management.ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        return new FlowRunner.Leases(owner, lease, settings.duration("flows.requeue-after", "5m"));
    }

    /** octane.rate-limit.<webMethod> for the published table's methods and ours (G-RL); the windows; the shared slots' lease. */
    static RateBudgets.Limits rateLimits(Settings settings) {
        List<String> methods = new ArrayList<>(List.of(RateBudgets.PUBLISHED));
        for (SoapOperation op : SoapOperation.values()) {
            methods.add(op.name());
        }
        java.util.Map<String, int[]> limits = new java.util.HashMap<>();
        for (String method : methods) {
            settings.optional("octane.rate-limit." + method).ifPresent(spec -> limits.put(method, RateBudgets.Limits.parse(method, spec)));
        }
        // a call cannot be in flight longer than its connect and read timeouts; the margin covers
        // the journal write between acquire and send
        Duration lease = settings.optional("octane.rate-limit.slot-lease").isPresent()
                ? settings.duration("octane.rate-limit.slot-lease", "0s")
                : settings.duration("octane.connect-timeout", "10s").plus(settings.duration("octane.read-timeout", "60s")).plusSeconds(30);
        return new RateBudgets.Limits(settings.get("octane.username", ""), settings.get("octane.soap.url", ""), limits,
                settings.duration("octane.rate-limit.minute", "1m"), settings.duration("octane.rate-limit.hour", "1h"), lease);
    }

    /** The gateway's keys; octane.rest.path.<operation> replaces a built-in REST path (G-V2: paths stay configurable). */
    static GatewayConfig gatewayConfig(Settings settings, String soapUrl, String restUrl) {
        java.util.Map<String, String> paths = new java.util.HashMap<>();
        for (RestOperation op : RestOperation.values()) {
            settings.optional("octane.rest.path." + op.name()).ifPresent(p -> paths.put(op.name(), p));
        }
        return new GatewayConfig(soapUrl, restUrl, settings.required("octane.username"), settings.get("octane.password", ""),
                settings.get("octane.group-no", "123"), settings.getInt("octane.retry.max-attempts", 5),
                settings.duration("octane.retry.initial-delay", "1s"), settings.duration("octane.retry.max-delay", "2m"),
                settings.duration("octane.connect-timeout", "10s"), settings.duration("octane.read-timeout", "60s"), paths);
    }

    private static void bind(CamelContext context, String name, Object bean) {
        context.getRegistry().bind(name, bean);
    }

    private void startSimulatorIfWanted(CamelContext context, Settings settings) throws Exception {
        boolean urlsSet = settings.optional("octane.soap.url").isPresent() || settings.optional("octane.rest.url").isPresent();
        boolean enabled = settings.optional("octane.simulator.enabled").map(Boolean::parseBoolean).orElse(!urlsSet);
        if (!enabled) {
            return;
        }
        SimulatorConfig config = SimulatorConfig.fromProperties(key -> settings.optional(key).orElse(null));
        OctaneSimulator simulator = new OctaneSimulator(config);
        simulator.start();
        context.getRegistry().bind("octaneSimulator", simulator);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                simulator.stop();
            }
        }, true, false);
        context.getPropertiesComponent().addOverrideProperty("octane.soap.url", simulator.soapBaseUrl());
        context.getPropertiesComponent().addOverrideProperty("octane.rest.url", simulator.restBaseUrl());
        LOG.info("embedded Octane simulator at {} (SOAP) and {} (REST)", simulator.soapBaseUrl(), simulator.restBaseUrl());
    }

    private HikariDataSource dataSource(Settings settings) {
        HikariConfig config = new HikariConfig();
        String url = settings.optional("db.url").orElseGet(() -> {
            Path dir = Path.of(settings.get("db.data-dir", "./data/db")).toAbsolutePath().normalize();
            // WRITE_DELAY=0: a commit is on disk when it returns; H2's default keeps it in memory
            // for up to half a second, and a killed process would lose journaled requests.
            // async: H2's plain file channel is closed by a Thread.interrupt() in the middle of a
            // write (Camel interrupts worker threads at shutdown), and the whole database with
            // it; the AsynchronousFileChannel-based store is not affected.
            return "jdbc:h2:async:" + dir.resolve("octane") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        });
        config.setJdbcUrl(url);
        settings.optional("db.username").ifPresent(config::setUsername);
        settings.optional("db.password").ifPresent(config::setPassword);
        config.setMaximumPoolSize(10);
        config.setPoolName("octane-journal");
        config.setExceptionOverrideClassName(LostConnectionOverride.class.getName());
        return new HikariDataSource(config);
    }

    private void configureQuartz(CamelContext context, Settings settings, Journal journal) {
        // the tables are Flyway's (V1.1), created with the journal's
        Properties q = QuartzSettings.of(settings.get("camel.main.name", "octane-routes"),
                ((HikariDataSource) journal.dataSource()).getJdbcUrl(), settings.optional("db.username").orElse(null),
                settings.optional("db.password").orElse(null), settings.duration("cluster.checkin-interval", "7500ms").toMillis(),
                settings.duration("octane.poll.tick", "10s").toMillis());
        QuartzComponent quartz = context.getComponent("quartz", QuartzComponent.class);
        quartz.setProperties(new java.util.HashMap<>(q));
        // a poll tick waiting for the orderQuery budget must not hold up shutdown
        quartz.setInterruptJobsOnShutdown(true);
    }

    private ActiveMQConnectionFactory configureJms(CamelContext context, Settings settings) throws Exception {
        String url = settings.optional("broker.url").orElse(null);
        if (url == null) {
            EmbeddedBroker broker = new EmbeddedBroker(
                    Path.of(settings.get("broker.data-dir", "./data/broker")).toAbsolutePath().normalize().toString(),
                    String.valueOf(Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000)), settings.getInt("broker.port", 0));
            java.util.Map<String, org.apache.activemq.artemis.core.settings.impl.AddressSettings> queueSettings = new java.util.HashMap<>();
            BrokerPolicy.byQueue(settings).forEach((queue, policy) -> queueSettings.put(queue, policy.addressSettings()));
            broker.setQueueSettings(queueSettings);
            broker.start();
            context.addService(broker, true, false);
            url = broker.clientUrl();
        }
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
        // issue 12: no Java deserialization of message bodies, whatever reads them (the intake never does)
        factory.setDeserializationDenyList("*");
        settings.optional("broker.username").ifPresent(factory::setUser);
        settings.optional("broker.password").ifPresent(factory::setPassword);
        if (settings.optional("broker.url").isPresent()) {
            externalBrokerPolicy(settings, factory);
        }
        CachingConnectionFactory caching = new CachingConnectionFactory(factory);
        caching.setCacheConsumers(false);
        caching.setSessionCacheSize(10);
        JmsComponent jms = context.getComponent("jms", JmsComponent.class);
        jms.setConnectionFactory(caching);
        // stopped before the embedded broker (services stop in reverse order): a quiet shutdown
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                caching.destroy();
            }
        }, true, false);
        return factory;
    }

    /** Redelivery and dead-letter settings on an external broker: set over its management API when allowed (BrokerPolicy). */
    private static void externalBrokerPolicy(Settings settings, ActiveMQConnectionFactory factory) {
        java.util.Map<String, BrokerPolicy> queues = BrokerPolicy.byQueue(settings);
        if (!settings.flag("broker.apply-address-settings", false)) {
            LOG.info("external broker: redelivery and dead-letter settings of {} come from its broker.xml (README, \"Scaling out\");"
                    + " broker.apply-address-settings=true sets them from here", queues.keySet());
            return;
        }
        try {
            BrokerPolicy.applyRemotely(factory, queues);
            LOG.info("external broker: address settings of {} set ({})", queues.keySet(), queues.values().iterator().next());
        } catch (Exception e) {
            throw new IllegalStateException("broker.apply-address-settings=true, but the broker did not take them: " + e.getMessage()
                    + " (the broker user needs the manage permission, or set them in broker.xml and remove the key)", e);
        }
    }

    /**
     * Closes the journal's pool when Camel stops (after the routes). Quartz shares the database
     * and is a component, stopped after the services: its scheduler is shut down here first,
     * without waiting for a running tick, or it would keep working on a closed database.
     */
    private static final class Closer extends ServiceSupport {
        private final CamelContext context;
        private final HikariDataSource dataSource;

        Closer(CamelContext context, HikariDataSource dataSource) {
            this.context = context;
            this.dataSource = dataSource;
        }

        @Override
        protected void doStop() throws Exception {
            QuartzComponent quartz = context.hasComponent("quartz") instanceof QuartzComponent q ? q : null;
            if (quartz != null && quartz.getScheduler() != null && !quartz.getScheduler().isShutdown()) {
                quartz.getScheduler().shutdown(false);
            }
            dataSource.close();
        }
    }

}
