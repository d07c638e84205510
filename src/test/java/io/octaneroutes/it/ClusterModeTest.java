package io.octaneroutes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * {@code cluster.enabled=true} on infrastructure of this instance alone is refused at start-up,
 * with every reason in the message, before anything is started or written.
 */
class ClusterModeTest {

    private static Throwable rootOf(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r;
    }

    private static String refusal(Map<String, String> overrides) {
        Map<String, String> p = new LinkedHashMap<>(overrides);
        p.put("cluster.enabled", "true");
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(() -> TestApp.start(p).close()).satisfies(t -> caught[0] = t);
        Throwable root = rootOf(caught[0]);
        assertThat(root).isInstanceOf(IllegalStateException.class);
        return root.getMessage();
    }

    @Test
    void everythingEmbeddedIsRefusedWithEveryReason() {
        String reason = refusal(Map.of());
        assertThat(reason).startsWith("cluster.enabled=true (one of several instances), but this instance would work alone")
                .contains("db.url is unset").contains("embedded H2")
                .contains("broker.url is unset").contains("embedded Artemis")
                .contains("embedded Octane simulator");
    }

    @Test
    void postgresWithTheEmbeddedBrokerIsRefusedForTheBrokerAlone() {
        TestPostgres.Database db = TestPostgres.get().freshDatabase("refused");
        Map<String, String> p = new LinkedHashMap<>(db.appProperties());
        p.put("octane.simulator.enabled", "false");
        p.put("octane.soap.url", "http://127.0.0.1:9/tiab");
        p.put("octane.rest.url", "http://127.0.0.1:9/tiab/api");
        String reason = refusal(p);
        assertThat(reason).contains("broker.url is unset").doesNotContain("db.url").doesNotContain("simulator");
        assertThat(db.password()).isNotBlank();
        assertThat(reason).doesNotContain(db.password());
    }

    @Test
    void anH2UrlIsRefusedWithoutShowingTheUrl() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("db.url", "jdbc:h2:tcp://127.0.0.1:9/secret-place;PASSWORD=hunter2");
        p.put("broker.url", "tcp://127.0.0.1:9");
        p.put("octane.simulator.enabled", "false");
        p.put("octane.soap.url", "http://127.0.0.1:9/tiab");
        p.put("octane.rest.url", "http://127.0.0.1:9/tiab/api");
        String reason = refusal(p);
        assertThat(reason).contains("db.url is a jdbc:h2 database").contains("PostgreSQL")
                .doesNotContain("hunter2").doesNotContain("secret-place").doesNotContain("broker.url");
    }

    @Test
    void withoutTheKeyTheEmbeddedSetupStartsAsBefore() throws Exception {
        try (TestApp app = TestApp.start(Map.of("cluster.enabled", "false"))) {
            assertThat(app.context().isStarted()).isTrue();
        }
    }
}
