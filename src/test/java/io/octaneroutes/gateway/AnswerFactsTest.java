package io.octaneroutes.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * An operation's answer facts as its row writes them: each builder call adds its fact and keeps
 * the chain going; what is built is a copy. (The enums build theirs when their class loads, before
 * a mutation run can change a builder method: built here at run time, the builder is tested too.)
 */
class AnswerFactsTest {
    @Test
    void everyFactWrittenIsInTheFactsBuilt() {
        AnswerFacts.Builder builder = AnswerFacts.facts();
        AnswerFacts facts = builder.id("orderId", "orderId").ids("orderIds", "orderDetails.orderId").orders("orderDetails")
                .tracks(TrackedKind.NBN).branching().readOnly().gaps("G-A", "G-B").build();
        assertThat(facts.ids()).containsExactly(new AnswerFacts.Id("orderId", "orderId", false), new AnswerFacts.Id("orderIds", "orderDetails.orderId", true));
        assertThat(facts.orders()).isEqualTo("orderDetails");
        assertThat(facts.tracks()).isEqualTo(TrackedKind.NBN);
        assertThat(facts.branching()).isTrue();
        assertThat(facts.readOnly()).isTrue();
        assertThat(facts.gaps()).containsExactly("G-A", "G-B");
        builder.id("more", "more");
        assertThat(facts.ids()).as("a copy").hasSize(2);
    }

    @Test
    void factsNotWrittenAreAbsent() {
        AnswerFacts facts = AnswerFacts.facts().build();
        assertThat(facts.ids()).isEmpty();
        assertThat(facts.orders()).isNull();
        assertThat(facts.tracks()).isNull();
        assertThat(facts.branching()).isFalse();
        assertThat(facts.readOnly()).isFalse();
        assertThat(facts.gaps()).isEmpty();
        assertThat(List.of(SoapOperation.orderCreate.answer().tracks(), RestOperation.manageEsim.answer().branching()))
                .containsExactly(TrackedKind.MOBILE, true);
    }
}
