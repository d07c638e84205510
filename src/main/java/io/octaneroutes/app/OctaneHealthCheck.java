package io.octaneroutes.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.octaneroutes.gateway.OctaneReachability;

/**
 * Readiness towards Octane, {@code octane-api}. Octane's calls are rate-limited per web method
 * (G-RL), so this check never makes a business call of its own. It reads, in this order:
 * <ol>
 * <li>the outcome of the gateway's last real call ({@link OctaneReachability}, recorded by every
 * SOAP and REST call on the wire), when it is younger than {@code health.octane.max-age};</li>
 * <li>otherwise (no call for a while, or none yet) an HTTP GET of a WSDL
 * ({@code <octane.soap.url>/UtbOrder?wsdl}): no login, no web method, no rate budget, G-WSDL.</li>
 * </ol>
 * DOWN when that outcome is a connection refused or timed out, a dropped connection, HTTP 5xx or
 * a refused login; the message names the operation and the kind of failure, never the URL.
 * Only the SOAP host is fetched: with a REST API on another host, its state comes from the real
 * calls alone.
 */
final class OctaneHealthCheck extends ReadinessCheck {
    private final OctaneReachability reachability;
    private final String soapUrl;
    private final Duration maxAge;
    private final Duration timeout;
    private final Clock clock;

    OctaneHealthCheck(OctaneReachability reachability, String soapUrl, Duration maxAge, Duration timeout, Clock clock) {
        super("octane-api", timeout);
        this.reachability = reachability;
        this.soapUrl = soapUrl;
        this.maxAge = maxAge;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    String what() {
        return "Octane";
    }

    @Override
    Verdict check() {
        Instant now = clock.instant();
        OctaneReachability.Outcome outcome = reachability.last()
                .filter(o -> !o.at().isBefore(now.minus(maxAge)))
                .orElse(null);
        String source = "last call";
        if (outcome == null) {
            // a little less than the check's own bound, so that the fetch's timeout is the one reported
            outcome = reachability.checkWsdl(soapUrl, timeout.multipliedBy(4).dividedBy(5));
            source = "WSDL fetch";
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("source", source);
        details.put("operation", outcome.operation());
        details.put("at", outcome.at().toString());
        reachability.lastReached().ifPresent(t -> details.put("lastAnswer", t.toString()));
        if (outcome.usable()) {
            return Verdict.up(details);
        }
        long ago = Math.max(0, Duration.between(outcome.at(), now).toSeconds());
        String lastAnswer = reachability.lastReached().map(t -> "; last answer " + Math.max(0, Duration.between(t, now).toSeconds()) + " s ago")
                .orElse("; no answer since start-up");
        return new Verdict(outcome.reason() + " (" + source + ": " + outcome.operation() + ", " + ago + " s ago" + lastAnswer + ")", details);
    }
}
