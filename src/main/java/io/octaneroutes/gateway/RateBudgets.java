package io.octaneroutes.gateway;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.octaneroutes.app.Settings;

/**
 * One {@link RateBudget} per SOAP web method that has a published limit
 * ({@code octane.rate-limit.<webMethod>=perMinute/perHour}). Methods without one are unlimited,
 * as the rate-limit page says (G-RL).
 */
public final class RateBudgets {
    /** the web methods of the published table (limits-and-environments.md section 1). */
    public static final String[] PUBLISHED = {"getCustomer", "getCustomers", "updateCustomer", "orderCreate", "orderQuery",
        "reserveResources", "getServiceInstances", "getServicesV2", "queryBalanceV3", "getServiceDetail",
        "getUnbilledCallsDetail", "getGroupPlans"};

    private final Map<String, RateBudget> budgets = new ConcurrentHashMap<>();
    private final Map<String, RateBudget> restBudgets = new ConcurrentHashMap<>();

    public RateBudgets(Settings settings, Iterable<String> methods) {
        long minute = settings.duration("octane.rate-limit.minute", "1m").toMillis();
        long hour = settings.duration("octane.rate-limit.hour", "1h").toMillis();
        for (String method : methods) {
            settings.optional("octane.rate-limit." + method).ifPresent(spec -> {
                String[] parts = spec.split("/");
                if (parts.length != 2) {
                    throw new IllegalStateException("octane.rate-limit." + method + " must be perMinute/perHour, e.g. 100/2000");
                }
                budgets.put(method, new RateBudget(method, Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()),
                        minute, hour, System::currentTimeMillis));
            });
        }
    }

    /**
     * A REST operation's "budget": unlimited (no published REST limit, G-RL-REST) but able to
     * hold callers back for a wait Octane announced with 429/Retry-After.
     */
    public RateBudget rest(String operation) {
        return restBudgets.computeIfAbsent(operation,
                op -> new RateBudget(op, Integer.MAX_VALUE, Integer.MAX_VALUE, 1, 1, System::currentTimeMillis));
    }

    public Optional<RateBudget> of(String method) {
        return Optional.ofNullable(budgets.get(method));
    }

    public Map<String, RateBudget> all() {
        return Map.copyOf(budgets);
    }
}
