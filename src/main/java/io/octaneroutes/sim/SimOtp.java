package io.octaneroutes.sim;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * UtbOTP.manageOtp (G-OTP): getOtp issues a 6-digit code for a destination, verifyOtp checks it.
 * Codes come from a fixed-seed generator so runs are reproducible. Not thread-safe on its own:
 * every call happens under the {@link SimState} lock. Codes never reach the call log; tests read
 * them through {@link #latest(String)}.
 */
final class SimOtp {
    static final int OTP_FAILED = 70;

    private static final class Tx {
        final String transactionId;
        final String destination;
        final String code;
        final Instant issuedAt;
        int failedAttempts;
        boolean used;

        Tx(String transactionId, String destination, String code, Instant issuedAt) {
            this.transactionId = transactionId;
            this.destination = destination;
            this.code = code;
            this.issuedAt = issuedAt;
        }
    }

    private final SimulatorConfig config;
    private final SimClock clock;
    private final Map<String, Tx> byId = new LinkedHashMap<>();
    private final Map<String, Tx> latestByDestination = new LinkedHashMap<>();
    /** deterministic on purpose: the same run issues the same codes */
    private final Random codes = new Random(6274473L);
    /** G-ID: transactionId is a numeric string */
    private long nextTransaction = 810001;

    SimOtp(SimulatorConfig config, SimClock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** The latest transaction for a destination, as {transactionId, code}; null when none. Test hook only. */
    SimState.OtpRef latest(String destination) {
        Tx tx = destination == null ? null : latestByDestination.get(destination);
        return tx == null ? null : new SimState.OtpRef(tx.transactionId, tx.code);
    }

    /** G-OTP: answers in UtbOTP.wsdl's order: success, errorCode, transactionId, verified, errorMessage. */
    @SuppressWarnings("unchecked")
    Map<String, Object> manage(Map<String, Object> request, java.util.function.LongPredicate customerExists) {
        String type = request == null ? null : SimState.text(request.get("requestType"));
        if ("getOtp".equals(type)) {
            Map<String, Object> get = request.get("getOtp") instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
            if (get == null) {
                return failure(10, null, "getOtp is required for requestType getOtp");
            }
            String destination = SimState.text(get.get("destination"));
            if (destination == null) {
                return failure(10, null, "getOtp/destination is required");
            }
            Long custNo = SimState.asLong(get.get("custNo"));
            if (get.get("custNo") != null && (custNo == null || !customerExists.test(custNo))) {
                return failure(20, null, "Customer " + get.get("custNo") + " not found");
            }
            Tx tx = new Tx(String.valueOf(nextTransaction++), destination, String.format("%06d", codes.nextInt(1_000_000)), clock.now());
            byId.put(tx.transactionId, tx);
            latestByDestination.put(destination, tx);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("success", true);
            out.put("errorCode", 0);
            out.put("transactionId", tx.transactionId);
            return out;
        }
        if ("verifyOtp".equals(type)) {
            Map<String, Object> verify = request.get("verifyOtp") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            String transactionId = SimState.text(verify.get("transactionId"));
            String code = SimState.text(verify.get("code"));
            if (transactionId == null || code == null) {
                return failure(10, false, "verifyOtp needs code and transactionId");
            }
            Tx tx = byId.get(transactionId);
            if (tx == null) {
                return failure(OTP_FAILED, false, "Unknown OTP transaction " + transactionId);
            }
            if (tx.used) {
                return failure(OTP_FAILED, false, "OTP already verified; request a new one"); // G-OTP: a code is single use
            }
            if (tx.failedAttempts >= config.otpAttempts) {
                return failure(OTP_FAILED, false, "Too many attempts; request a new OTP"); // G-OTP: 3 attempts, then locked
            }
            if (!clock.now().isBefore(tx.issuedAt.plus(config.otpValidity))) {
                return failure(OTP_FAILED, false, "OTP expired; request a new one"); // G-OTP: valid 10 minutes
            }
            if (!tx.code.equals(code)) {
                tx.failedAttempts++;
                int left = config.otpAttempts - tx.failedAttempts;
                return failure(OTP_FAILED, false, left > 0 ? "Invalid OTP code; " + left + " attempt(s) left" : "Invalid OTP code; no attempts left");
            }
            tx.used = true;
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("success", true);
            out.put("errorCode", 0);
            out.put("verified", true);
            return out;
        }
        return failure(10, null, "requestType must be getOtp or verifyOtp");
    }

    private static Map<String, Object> failure(int code, Boolean verified, String message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("success", false);
        out.put("errorCode", code);
        if (verified != null) {
            out.put("verified", verified);
        }
        out.put("errorMessage", message);
        return out;
    }
}
