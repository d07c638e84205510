package io.octaneroutes.sim;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import org.apache.camel.util.TimeUtils;

/** Settings of the Octane simulator ({@code octane.simulator.*} keys). */
public class SimulatorConfig {
    /** the published per-method limits (limits-and-environments.md section 1), perMinute and perHour. */
    public static final Map<String, int[]> PUBLISHED_LIMITS = Map.ofEntries(
            Map.entry("getCustomer", new int[] {100, 2000}), Map.entry("getCustomers", new int[] {50, 500}),
            Map.entry("updateCustomer", new int[] {100, 2000}), Map.entry("orderCreate", new int[] {100, 2000}),
            Map.entry("orderQuery", new int[] {100, 2000}), Map.entry("reserveResources", new int[] {50, 500}),
            Map.entry("getServiceInstances", new int[] {50, 500}), Map.entry("getServicesV2", new int[] {50, 500}),
            Map.entry("queryBalanceV3", new int[] {100, 2000}), Map.entry("getServiceDetail", new int[] {100, 2000}),
            Map.entry("getUnbilledCallsDetail", new int[] {100, 2000}), Map.entry("getGroupPlans", new int[] {50, 500}));

    public String host = "127.0.0.1";
    public int port = 8089;
    public String username = "demo";
    public String password = "demo-password";
    public int groupNo = 123;
    public double speed = 1.0;
    /** G-TIME: ADD_WME_NEW takes 5-20 minutes; committed, then complete a little later. */
    public Duration commitAfter = Duration.ofMinutes(10);
    public Duration completeAfter = Duration.ofMinutes(5);
    /** G-TIME: commitAfter per orderAction (e.g. ADD_WME_PORT, WME_OPT_IN_CONSUMER); actions not listed use commitAfter. */
    public Map<String, Duration> commitAfterByAction = new LinkedHashMap<>();
    /** G-OTP: how long a code is valid, and how many wrong codes lock the transaction. */
    public Duration otpValidity = Duration.ofMinutes(10);
    public int otpAttempts = 3;
    public int esimStock = 5;
    public int msnPool = 50;
    public Duration reservationExpiry = Duration.ofHours(24);
    public long rateLimitMinuteMillis = 60_000;
    public long rateLimitHourMillis = 3_600_000;
    public Map<String, int[]> rateLimits = new LinkedHashMap<>(PUBLISHED_LIMITS);
    /** R1, only to flag violations in the call log. */
    public Duration pollMinInterval = Duration.ofMinutes(30);
    /** G-AUTH: the HTTP status of a REST call with missing or wrong credentials: 403 (the doc's "Invalid access") or 401. */
    public int restAuthFailureStatus = 403;
    /** How answers are shaped beyond the facts ({@code octane.simulator.shape.*}, see {@link AnswerShape}); as documented by default. */
    public AnswerShape shape = AnswerShape.AS_DOCUMENTED;
    /** The NBN REST part ({@code octane.simulator.nbn.*}). */
    public SimNbnConfig nbn = new SimNbnConfig();

    public static SimulatorConfig fromProperties(Function<String, String> lookup) {
        SimulatorConfig c = new SimulatorConfig();
        String p = "octane.simulator.";
        c.host = get(lookup, p + "host", c.host);
        c.port = Integer.parseInt(get(lookup, p + "port", String.valueOf(c.port)));
        c.username = get(lookup, p + "username", get(lookup, "octane.username", c.username));
        c.password = get(lookup, p + "password", get(lookup, "octane.password", c.password));
        c.groupNo = Integer.parseInt(get(lookup, p + "group-no", String.valueOf(c.groupNo)));
        c.speed = Double.parseDouble(get(lookup, p + "speed", "1"));
        c.commitAfter = TimeUtils.toDuration(get(lookup, p + "order.commit-after", "10m"));
        c.completeAfter = TimeUtils.toDuration(get(lookup, p + "order.complete-after", "5m"));
        c.esimStock = Integer.parseInt(get(lookup, p + "esim-stock", String.valueOf(c.esimStock)));
        c.msnPool = Integer.parseInt(get(lookup, p + "msn-pool", String.valueOf(c.msnPool)));
        c.reservationExpiry = TimeUtils.toDuration(get(lookup, p + "reservation-expiry", "24h"));
        c.rateLimitMinuteMillis = TimeUtils.toMilliSeconds(get(lookup, p + "rate-limit.minute", "1m"));
        c.rateLimitHourMillis = TimeUtils.toMilliSeconds(get(lookup, p + "rate-limit.hour", "1h"));
        c.pollMinInterval = TimeUtils.toDuration(get(lookup, p + "poll.min-interval", "30m"));
        c.otpValidity = TimeUtils.toDuration(get(lookup, p + "otp.validity", "10m"));
        c.otpAttempts = Integer.parseInt(get(lookup, p + "otp.attempts", String.valueOf(c.otpAttempts)));
        c.restAuthFailureStatus = Integer.parseInt(get(lookup, p + "rest.auth-failure-status", "403"));
        if (c.restAuthFailureStatus != 403 && c.restAuthFailureStatus != 401) {
            throw new IllegalArgumentException(p + "rest.auth-failure-status must be 403 or 401, not " + c.restAuthFailureStatus);
        }
        c.shape = AnswerShape.fromProperties(lookup, p + "shape.");
        c.nbn = SimNbnConfig.fromProperties(lookup);
        for (String action : ORDER_ACTIONS) {
            String v = lookup.apply(p + "order.commit-after." + action);
            if (v != null && !v.isBlank()) {
                c.commitAfterByAction.put(action, TimeUtils.toDuration(v.trim()));
            }
        }
        for (String method : PUBLISHED_LIMITS.keySet()) {
            String v = lookup.apply(p + "rate-limit." + method);
            if (v != null && !v.isBlank()) {
                String[] parts = v.split("/");
                c.rateLimits.put(method, new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())});
            }
        }
        return c;
    }

    /** The orderActions the simulator knows (SOAP and the REST data-pool placeholders of G-ACT). */
    static final java.util.List<String> ORDER_ACTIONS = java.util.List.of("ADD_WME_NEW", "ADD_WME_PORT", "CHANGE_WME_PLAN", "CHANGE_WME_PRODUCT",
            "CHANGE_WME_EXCESS", "ADD_ONCEOFF", "CHANGE_WME_SIM", "WME_OPT_IN_CONSUMER", "WME_OPT_OUT_CONSUMER",
            "MODIFY_CONSUMER_DATA_LIMIT", "TRANSFER_CONSUMER", "DISCONNECT_DATA_POOL");

    /** G-TIME: how long an order of that action stays IN_PROG. */
    public Duration commitAfter(String action) {
        return commitAfterByAction.getOrDefault(action, commitAfter);
    }

    private static String get(Function<String, String> lookup, String key, String def) {
        String v = lookup.apply(key);
        return v == null || v.isBlank() ? def : v.trim();
    }
}
