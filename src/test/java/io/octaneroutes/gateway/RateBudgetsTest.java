package io.octaneroutes.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * Which budget each method gets: the configured limits parsed or refused naming the key; a budget
 * for each configured method and none for the others; REST operations unlimited but able to hold
 * an announced wait, one per operation; in memory alone, or shared in the database (then for the
 * account, whose key is a hash of the user and the SOAP host, never the password).
 */
class RateBudgetsTest {
    private static RateBudgets.Limits limits(Map<String, int[]> perMethod) {
        return new RateBudgets.Limits("api-user", "https://octane.example:8443/tiab/soap", perMethod, Duration.ofMinutes(1), Duration.ofHours(1),
                Duration.ofMinutes(2));
    }

    @Test
    void aLimitIsPerMinuteSlashPerHour() {
        assertThat(RateBudgets.Limits.parse("orderCreate", "100/2000")).containsExactly(100, 2000);
        assertThat(RateBudgets.Limits.parse("orderCreate", " 5 / 7 ")).containsExactly(5, 7);
        for (String bad : new String[] {"100", "100/", "a/b", "1/2/3", "", "1.5/2"}) {
            assertThatThrownBy(() -> RateBudgets.Limits.parse("orderQuery", bad)).as(bad).isInstanceOf(IllegalStateException.class)
                    .hasMessage("octane.rate-limit.orderQuery must be perMinute/perHour, e.g. 100/2000");
        }
    }

    @Test
    void theLimitsAreACopyOfWhatWasConfigured() {
        Map<String, int[]> configured = new HashMap<>(Map.of("orderCreate", new int[] {1, 2}));
        RateBudgets.Limits l = limits(configured);
        configured.put("orderQuery", new int[] {3, 4});
        assertThat(l.perMethod()).containsOnlyKeys("orderCreate");
        assertThatThrownBy(() -> l.perMethod().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void eachConfiguredMethodHasItsBudgetInMemoryAndTheOthersNone() {
        RateBudgets budgets = new RateBudgets(limits(Map.of("orderCreate", new int[] {5, 50}, "orderQuery", new int[] {100, 2000})));
        assertThat(budgets.isShared()).isFalse();
        RateBudget create = budgets.of("orderCreate").orElseThrow();
        assertThat(create).isInstanceOf(LocalRateBudget.class);
        assertThat(create.method()).isEqualTo("orderCreate");
        assertThat(create.perMinute()).isEqualTo(5);
        assertThat(create.perHour()).isEqualTo(50);
        assertThat(budgets.of("orderCreate")).containsSame(create);
        assertThat(budgets.of("selectResource")).as("unlimited (G-RL)").isEmpty();
        assertThat(budgets.all()).containsOnlyKeys("orderCreate", "orderQuery");
        assertThat(RateBudgets.PUBLISHED).contains("orderCreate", "orderQuery", "reserveResources", "getServiceDetail", "getGroupPlans");
    }

    @Test
    void aRestOperationsBudgetIsUnlimitedOnePerOperationAndHoldsAnAnnouncedWait() throws Exception {
        RateBudgets budgets = new RateBudgets(limits(Map.of()));
        assertThat(budgets.rest()).isEmpty();
        RateBudget search = budgets.rest("searchAddress");
        assertThat(budgets.rest("searchAddress")).isSameAs(search);
        assertThat(search.perMinute()).isEqualTo(Integer.MAX_VALUE);
        assertThat(search.method()).isEqualTo("searchAddress");
        for (int i = 0; i < 1000; i++) {
            search.acquire();
            search.release();
        }
        assertThat(search.waits()).isZero();
        search.blockFor(60_000);
        assertThat(budgets.rest("getNbnOrder").usage().blockedUntil()).isZero();
        assertThat(budgets.rest()).containsOnlyKeys("searchAddress", "getNbnOrder");
        assertThat(budgets.of("searchAddress")).as("not a SOAP method's budget").isEmpty();
    }

    @Test
    void withADatabaseTheBudgetsAreTheSharedKind() {
        // SharedRateBudget's SQL is PostgreSQL's (SharedRateBudgetTest): on H2 its first write, made as it is
        // created, is refused, which shows that the shared kind was made and the in-memory one was not
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:budgets-" + UUID.randomUUID());
        RateBudgets none = new RateBudgets(limits(Map.of()), ds);
        assertThat(none.isShared()).isTrue();
        assertThatThrownBy(() -> none.rest("searchAddress")).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("shared rate budget of rest:searchAddress: ");
        assertThatThrownBy(() -> new RateBudgets(limits(Map.of("orderCreate", new int[] {5, 50})), ds)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("shared rate budget of orderCreate: ");
    }

    @Test
    void anAccountIsTheUserOnTheSoapHostHashed() throws Exception {
        String key = RateBudgets.accountKey("api-user", "https://Octane.Example:8443/tiab/soap");
        byte[] expected = java.security.MessageDigest.getInstance("SHA-256")
                .digest("api-user\noctane.example".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(key).isEqualTo(java.util.HexFormat.of().formatHex(expected)).hasSize(64).doesNotContain("api-user");
        assertThat(RateBudgets.accountKey("api-user", "http://octane.example/other/path")).as("the host, not the path").isEqualTo(key);
        assertThat(RateBudgets.accountKey("api-user", "https://test.octane.example/tiab")).as("another platform").isNotEqualTo(key);
        assertThat(RateBudgets.accountKey("other-user", "https://octane.example/tiab")).isNotEqualTo(key);
        assertThat(RateBudgets.accountKey("u", "")).isEqualTo(RateBudgets.accountKey("u", "  "));
        assertThat(RateBudgets.accountKey("u", " not a uri ")).as("not a URI: the text itself")
                .isEqualTo(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest("u\nnot a uri".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        assertThat(RateBudgets.accountKey("u", "mailto:x")).as("a URI without a host")
                .isEqualTo(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest("u\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }
}
