package io.octaneroutes.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Reading a value by path: no path is the root itself, lists are walked, a single object is a list of one, * is every value, nulls are no value. */
class AnswerPathsTest {
    @Test
    void noPathIsTheRootAndAListRootIsItsItems() {
        Map<String, Object> root = Map.of("a", 1);
        assertThat(AnswerPaths.all(root, "")).containsExactly(root);
        assertThat(AnswerPaths.all(root, null)).containsExactly(root);
        assertThat(AnswerPaths.all(Arrays.asList(1, null, 2), "")).containsExactly(1, 2);
        assertThat(AnswerPaths.all(null, "a")).isEmpty();
    }

    @Test
    void aPathWalksListsAndStarsAndTextIsOnlyALeaf() {
        Map<String, Object> answer = Map.of("orders", List.of(Map.of("item", Map.of("x", Map.of("msn", "1"))), Map.of("item", Map.of("y", Map.of("msn", "2")))));
        assertThat(AnswerPaths.all(answer, "orders.item.*.msn")).containsExactly("1", "2");
        assertThat(AnswerPaths.first(answer, "orders.item.*.msn")).isEqualTo("1");
        assertThat(AnswerPaths.first(answer, "orders.none")).isNull();
        assertThat(AnswerPaths.text(answer, "orders")).as("a list is no text").isNull();
        assertThat(AnswerPaths.text(Map.of("n", 5), "n")).isEqualTo("5");
        assertThat(AnswerPaths.list(null)).isEmpty();
        assertThat(AnswerPaths.list("one")).isEqualTo(List.of("one"));
    }
}
