package io.octaneroutes.gateway;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import io.octaneroutes.app.Settings;

/**
 * One {@link RateBudget} per SOAP web method that has a published limit
 * ({@code octane.rate-limit.<webMethod>=perMinute/perHour}). Methods without one are unlimited,
 * as the rate-limit page says (G-RL).
 *
 * <p>Octane's limits are per account, so with a shared database (the journal on PostgreSQL)
 * the budgets are {@link SharedRateBudget}s, one per account and method for the whole cluster;
 * on the embedded H2 (one instance) they are {@link LocalRateBudget}s in memory.
 */
public final class RateBudgets {
    /** the web methods of the published table (limits-and-environments.md section 1). */
    public static final String[] PUBLISHED = {"getCustomer", "getCustomers", "updateCustomer", "orderCreate", "orderQuery",
        "reserveResources", "getServiceInstances", "getServicesV2", "queryBalanceV3", "getServiceDetail",
        "getUnbilledCallsDetail", "getGroupPlans"};

    private final Map<String, RateBudget> budgets = new ConcurrentHashMap<>();
    private final Map<String, RateBudget> restBudgets = new ConcurrentHashMap<>();
    private final DataSource shared;
    private final String account;
    private final String holder;
    private final long leaseMillis;

    /** In-memory budgets of this instance alone. */
    public RateBudgets(Settings settings, Iterable<String> methods) {
        this(settings, methods, null);
    }

    /**
     * @param shared the PostgreSQL database all instances share (budgets per Octane account for
     *               the whole cluster), or null for in-memory budgets of this instance alone
     */
    public RateBudgets(Settings settings, Iterable<String> methods, DataSource shared) {
        this.shared = shared;
        this.account = accountKey(settings.get("octane.username", ""), settings.get("octane.soap.url", ""));
        this.holder = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        // a call cannot be in flight longer than its connect and read timeouts; the margin covers
        // the journal write between acquire and send
        Duration lease = settings.optional("octane.rate-limit.slot-lease").isPresent()
                ? settings.duration("octane.rate-limit.slot-lease", "0s")
                : settings.duration("octane.connect-timeout", "10s").plus(settings.duration("octane.read-timeout", "60s")).plusSeconds(30);
        this.leaseMillis = lease.toMillis();
        long minute = settings.duration("octane.rate-limit.minute", "1m").toMillis();
        long hour = settings.duration("octane.rate-limit.hour", "1h").toMillis();
        for (String method : methods) {
            settings.optional("octane.rate-limit." + method).ifPresent(spec -> {
                String[] parts = spec.split("/");
                if (parts.length != 2) {
                    throw new IllegalStateException("octane.rate-limit." + method + " must be perMinute/perHour, e.g. 100/2000");
                }
                budgets.put(method, budget(method, Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()), minute, hour));
            });
        }
    }

    private RateBudget budget(String method, int perMinute, int perHour, long minute, long hour) {
        return shared == null
                ? new LocalRateBudget(method, perMinute, perHour, minute, hour, System::currentTimeMillis)
                : new SharedRateBudget(shared, account, method, holder, perMinute, perHour, minute, hour, leaseMillis);
    }

    /**
     * The key of an Octane account in the shared budget tables: SHA-256 of the API user and the
     * host of the SOAP URL (the same user on the test and the production platform are two
     * accounts). Never the password; the user name itself is not stored either.
     */
    public static String accountKey(String username, String soapUrl) {
        String host;
        try {
            host = soapUrl.isBlank() ? "" : Optional.ofNullable(URI.create(soapUrl.trim()).getHost()).orElse("");
        } catch (IllegalArgumentException e) {
            host = soapUrl.trim();
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((username + "\n" + host.toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the budgets are shared by the cluster (PostgreSQL) rather than this instance's own. */
    public boolean isShared() {
        return shared != null;
    }

    /**
     * A REST operation's "budget": unlimited (no published REST limit, G-RL-REST) but able to
     * hold callers back for a wait Octane announced with 429/Retry-After (on every instance when shared).
     */
    public RateBudget rest(String operation) {
        return restBudgets.computeIfAbsent(operation, op -> shared == null
                ? new LocalRateBudget(op, Integer.MAX_VALUE, Integer.MAX_VALUE, 1, 1, System::currentTimeMillis)
                : new SharedRateBudget(shared, account, "rest:" + op, holder, Integer.MAX_VALUE, Integer.MAX_VALUE, 1, 1, leaseMillis));
    }

    public Optional<RateBudget> of(String method) {
        return Optional.ofNullable(budgets.get(method));
    }

    public Map<String, RateBudget> all() {
        return Map.copyOf(budgets);
    }
}
