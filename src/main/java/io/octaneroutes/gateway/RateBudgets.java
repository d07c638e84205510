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

    /**
     * The budgets' configuration: the published table or the account's raised limits
     * ({@code octane.rate-limit.<webMethod>=perMinute/perHour}), the two window lengths, and how
     * long a shared slot may be held by an instance that went away before it is reclaimed.
     */
    public record Limits(String username, String soapUrl, Map<String, int[]> perMethod, Duration minute, Duration hour, Duration slotLease) {
        public Limits {
            perMethod = Map.copyOf(perMethod);
        }

        /** Parses {@code perMinute/perHour}, e.g. {@code 100/2000}. */
        public static int[] parse(String method, String spec) {
            String[] parts = spec.split("/");
            try {
                if (parts.length == 2) {
                    return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalStateException("octane.rate-limit." + method + " must be perMinute/perHour, e.g. 100/2000");
        }
    }

    /** In-memory budgets of this instance alone. */
    public RateBudgets(Limits limits) {
        this(limits, null);
    }

    /**
     * @param shared the PostgreSQL database all instances share (budgets per Octane account for
     *               the whole cluster), or null for in-memory budgets of this instance alone
     */
    public RateBudgets(Limits limits, DataSource shared) {
        this.shared = shared;
        this.account = accountKey(limits.username(), limits.soapUrl());
        this.holder = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.leaseMillis = limits.slotLease().toMillis();
        long minute = limits.minute().toMillis();
        long hour = limits.hour().toMillis();
        limits.perMethod().forEach((method, limit) -> budgets.put(method, budget(method, limit[0], limit[1], minute, hour)));
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

    /** The REST operations' budgets made so far (each holds only a wait Octane announced with 429). */
    public Map<String, RateBudget> rest() {
        return Map.copyOf(restBudgets);
    }

    public Map<String, RateBudget> all() {
        return Map.copyOf(budgets);
    }
}
