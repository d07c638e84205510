package io.octaneroutes.flow;

import java.util.Map;
import java.util.Set;

import org.apache.camel.Body;
import org.apache.camel.Variable;

import io.octaneroutes.gateway.AnswerPaths;
import io.octaneroutes.gateway.OctaneAnswers;
import io.octaneroutes.gateway.OctaneBusinessException;
import io.octaneroutes.gateway.SoapOperation;
import io.octaneroutes.journal.FlowState;

/** Rules and decisions of the mobile flow pages that the client must take itself. */
public class MobileRules {
    /** Reset eSIM (doc-481383): the profile states a reset may start from. */
    static final Set<String> RESETTABLE = Set.of("RELEASED", "LINKED", "AVAILABLE", "ERROR");

    /**
     * R2: a SIM may only be used if Query Resource shows internal status AVAILABLE and provider
     * status 'r'. Response element names per G-SIM.
     */
    public void requireOrderableSim(@Body Map<String, Object> queryResources) {
        String operation = SoapOperation.queryResources.name();
        if (!(AnswerPaths.first(queryResources, "pooledResources") instanceof Map<?, ?> sim)) {
            throw new OctaneBusinessException(operation, "R2", "Query Resource returned no SIM to validate");
        }
        String internal = String.valueOf(sim.get("internalStatus"));
        String provider = String.valueOf(sim.get("providerStatus"));
        if (!"AVAILABLE".equals(internal) || !"r".equals(provider)) {
            throw new OctaneBusinessException(operation, "R2", "SIM " + sim.get("resourceValue") + " has internal status "
                    + internal + " and provider status '" + provider + "'; rule R2 needs AVAILABLE and 'r'");
        }
    }

    /** R7: the OTP steps run only when the request asks for them ({@code "otp": {"verify": true}}). */
    public boolean wantsOtp(@Variable("state") FlowState state) {
        return state.getParams().get("otp") instanceof Map<?, ?> otp && Boolean.TRUE.equals(otp.get("verify"));
    }

    /**
     * Reset eSIM step 1 → 2: the profileState that Get eSIM Details "SIM Details" returned allows a
     * reset. An answer without one (G-ESIM) allows none: the flow takes the swap path.
     */
    public boolean profileAllowsReset(@Variable("state") FlowState state) {
        String profileState = field(state, "esim-reset.sim-details", "profileState");
        return profileState != null && RESETTABLE.contains(profileState); // Set.of(...).contains(null) throws
    }

    /** Reset eSIM step 2: success is the reset answering profileState RELEASED; anything else takes the swap path. */
    public boolean profileReleased(@Variable("state") FlowState state) {
        return "RELEASED".equals(field(state, "esim-reset.reset-profile", "profileState"));
    }

    /** A field of the payload of a journaled step's Octane answer (step ids contain dots, so they are no path). */
    private static String field(FlowState state, String step, String path) {
        return AnswerPaths.text(OctaneAnswers.payload(state.getResults().get(step)), path);
    }
}
