package io.octaneroutes.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.octaneroutes.gateway.OctaneBusinessException;
import io.octaneroutes.journal.FlowState;

/**
 * The mobile decisions the client takes itself: R2 (a SIM is used only when AVAILABLE and 'r'),
 * R7 (OTP steps only when asked for), and Reset eSIM's two (a profile state that allows a reset;
 * success only when the reset answers RELEASED, in either answer envelope).
 */
class MobileRulesTest {
    private final MobileRules rules = new MobileRules();

    private static Map<String, Object> sim(String internal, String provider) {
        return Map.of("errorCode", 0, "pooledResources", List.of(Map.of("resourceValue", "8961000000000000001",
                "internalStatus", internal, "providerStatus", provider)));
    }

    private static FlowState withResult(String step, Map<String, Object> answer) {
        FlowState state = new FlowState();
        state.getResults().put(step, answer);
        return state;
    }

    @Test
    void anAvailableSimWithProviderStatusRMayBeUsed() {
        assertThatCode(() -> rules.requireOrderableSim(sim("AVAILABLE", "r"))).doesNotThrowAnyException();
        // a single object for a list of one (soap-api.md)
        assertThatCode(() -> rules.requireOrderableSim(Map.of("pooledResources", Map.of("internalStatus", "AVAILABLE", "providerStatus", "r"))))
                .doesNotThrowAnyException();
    }

    @Test
    void anyOtherSimIsRefusedByR2NamingBothStatuses() {
        assertThatThrownBy(() -> rules.requireOrderableSim(sim("ASSIGNED", "r"))).isInstanceOfSatisfying(OctaneBusinessException.class, b -> {
            assertThat(b.getOperation()).isEqualTo("queryResources");
            assertThat(b.getErrorCode()).isEqualTo("R2");
            assertThat(b.getErrorMessage()).isEqualTo("SIM 8961000000000000001 has internal status ASSIGNED and provider status 'r';"
                    + " rule R2 needs AVAILABLE and 'r'");
        });
        assertThatThrownBy(() -> rules.requireOrderableSim(sim("AVAILABLE", "a"))).isInstanceOf(OctaneBusinessException.class)
                .hasMessageContaining("provider status 'a'");
        assertThatThrownBy(() -> rules.requireOrderableSim(Map.of("pooledResources", Map.of("internalStatus", "AVAILABLE"))))
                .as("no provider status").hasMessageContaining("provider status 'null'");
    }

    @Test
    void anAnswerWithoutASimIsRefusedByR2() {
        for (Map<String, Object> answer : List.<Map<String, Object>>of(Map.of("errorCode", 0), Map.of("pooledResources", List.of()),
                Map.of("pooledResources", "text"))) {
            assertThatThrownBy(() -> rules.requireOrderableSim(answer)).isInstanceOfSatisfying(OctaneBusinessException.class, b -> {
                assertThat(b.getErrorCode()).isEqualTo("R2");
                assertThat(b.getErrorMessage()).isEqualTo("Query Resource returned no SIM to validate");
            });
        }
    }

    @Test
    void theOtpStepsRunOnlyWhenTheRequestAsksForThem() {
        FlowState state = new FlowState();
        assertThat(rules.wantsOtp(state)).isFalse();
        state.getParams().put("otp", Map.of("verify", true));
        assertThat(rules.wantsOtp(state)).isTrue();
        state.getParams().put("otp", Map.of("verify", false));
        assertThat(rules.wantsOtp(state)).isFalse();
        state.getParams().put("otp", Map.of("verify", "true"));
        assertThat(rules.wantsOtp(state)).as("a string is not the schema's boolean").isFalse();
        state.getParams().put("otp", true);
        assertThat(rules.wantsOtp(state)).isFalse();
    }

    @Test
    void aResetStartsOnlyFromTheProfileStatesTheDocAllows() {
        for (String allowed : List.of("RELEASED", "LINKED", "AVAILABLE", "ERROR")) {
            assertThat(rules.profileAllowsReset(withResult("esim-reset.sim-details", Map.of("response", Map.of("profileState", allowed)))))
                    .as(allowed).isTrue();
        }
        assertThat(rules.profileAllowsReset(withResult("esim-reset.sim-details", Map.of("response", Map.of("profileState", "INSTALLED"))))).isFalse();
        assertThat(rules.profileAllowsReset(withResult("esim-reset.sim-details", Map.of("success", true)))).isFalse();
        assertThat(rules.profileAllowsReset(withResult("other", Map.of("response", Map.of("profileState", "LINKED"))))).as("another step").isFalse();
        assertThat(rules.profileAllowsReset(withResult("esim-reset.sim-details", Map.of("profileState", "LINKED")))).as("a flat answer").isTrue();
    }

    @Test
    void aResetSucceedsOnlyWhenItAnswersReleased() {
        assertThat(rules.profileReleased(withResult("esim-reset.reset-profile", Map.of("response", Map.of("profileState", "RELEASED"))))).isTrue();
        assertThat(rules.profileReleased(withResult("esim-reset.reset-profile", Map.of("response", Map.of("profileState", "LINKED"))))).isFalse();
        assertThat(rules.profileReleased(withResult("esim-reset.sim-details", Map.of("response", Map.of("profileState", "RELEASED"))))).isFalse();
        assertThat(rules.profileReleased(new FlowState())).isFalse();
    }
}
