package io.octaneroutes.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.octaneroutes.journal.Journal.RequestRecord;
import io.octaneroutes.journal.OperationsStore.AuditEntry;
import io.octaneroutes.journal.OperationsStore.Backlog;
import io.octaneroutes.journal.OperationsStore.Filter;
import io.octaneroutes.journal.OperationsStore.Page;

/**
 * What operators read and change beside the journal (H2 in memory): a request's events in the
 * order they happened (an oversized one kept as a marker), the audit trail with its texts bounded,
 * the request list's filters, sorting, paging and total, the counts by status, the poller's
 * backlog, and unpark: only a parked request, its automatic-resume count started over and an
 * order the poller gave up on followed again from now, orders in other states left alone.
 * (The actions resume/resolve/abandon that use these are ops.Operations', proved end to end by
 * OperationsApiIT.)
 */
class OperationsStoreTest {
    private static final String FLOW = "mobile.activate.new-msn.esim";
    private Journal journal;
    private OperationsStore store;

    @BeforeEach
    void store() {
        journal = H2Journal.fresh();
        store = new OperationsStore(journal);
    }

    @AfterEach
    void drop() {
        H2Journal.drop(journal);
    }

    private static Filter filter(List<String> statuses, String flow, Long before, Long after, String text) {
        return new Filter(statuses, flow, before, after, text, "createdAt", false, 0, 50);
    }

    private static Filter all() {
        return filter(null, null, null, null, null);
    }

    private static List<String> ids(Page page) {
        return page.items().stream().map(RequestRecord::requestId).toList();
    }

    /** Spins into the next millisecond, so that created_at orders the requests (at most 1 ms). */
    @Test
    void aStepsOutcomeAndTheRecordOfItsEventCommitTogetherOrNotAtAll() {
        journal.accept("r-tx", "mobile.activate.new-msn.esim", Map.of(), "http");
        journal.completeStep("r-tx", "esim.reserve", "reserveResources", Map.of("errorCode", 0), Map.of("msn", "0411"), null, 0, 0, 1,
                c -> store.recordEvent(c, "r-tx", "step-done", 1L, Map.of("type", "step-done", "step", "esim.reserve"), null));
        assertThat(journal.step("r-tx", "esim.reserve")).isPresent();
        assertThat(store.events("r-tx")).containsExactly(Map.of("type", "step-done", "step", "esim.reserve"));

        // a write that fails after the event's record: neither the step nor the record is kept
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> journal.completeStep("r-tx", "esim.select", "selectResource",
                Map.of("errorCode", 0), Map.of(), null, 0, 0, 1, c -> {
                    store.recordEvent(c, "r-tx", "step-done", 2L, Map.of("type", "step-done", "step", "esim.select"), null);
                    throw new java.sql.SQLException("disk full");
                })).hasMessageContaining("disk full");
        assertThat(journal.step("r-tx", "esim.select")).isEmpty();
        assertThat(store.events("r-tx")).hasSize(1);
    }

    private static void nextMillisecond() {
        long t = System.currentTimeMillis();
        while (System.currentTimeMillis() == t) {
            Thread.onSpinWait();
        }
    }

    // ---------------------------------------------------------------- events and audit

    @Test
    void aRequestsEventsAreKeptInTheOrderTheyHappenedAndOnlyItsOwn() {
        store.recordEvent("r-1", "accepted", 2000, Map.of("type", "accepted", "requestId", "r-1"), null);
        store.recordEvent("r-2", "accepted", 1500, Map.of("type", "accepted", "requestId", "r-2"), null);
        store.recordEvent("r-1", "completed", 1000, Map.of("type", "completed", "orderId", "o-1"), null);
        assertThat(store.events("r-1")).extracting(e -> e.get("type")).as("in the order recorded, not by their time")
                .containsExactly("accepted", "completed");
        assertThat(store.events("r-1").get(1)).containsEntry("orderId", "o-1");
        assertThat(store.events("r-2")).hasSize(1);
        assertThat(store.events("nobody")).isEmpty();
    }

    @Test
    void anEventTooLargeToKeepIsKeptAsAMarkerWithItsType() {
        String big = "x".repeat(100_000);
        store.recordEvent("r-3", "failed", 1, Map.of("type", "failed", "errorMessage", big), null);
        assertThat(store.events("r-3")).containsExactly(Map.of("type", "failed", "truncated", true));
        // exactly at the bound it is kept as it is
        String body = journal.write(Map.of("m", ""));
        String fits = "y".repeat(100_000 - body.length());
        store.recordEvent("r-4", "parked", 1, Map.of("m", fits), null);
        assertThat(store.events("r-4").get(0)).containsEntry("m", fits);
    }

    @Test
    void theAuditTrailSaysWhoDidWhatWhyAndWhatCameOfItInOrder() {
        long before = System.currentTimeMillis();
        store.audit("r-5", "ops-anna", "resume", "Octane is back", "resumed");
        store.audit("r-5", "ops-ben", "abandon", null, null);
        store.audit("r-6", "ops-anna", "resolve", "found it", "created");
        List<AuditEntry> trail = store.auditTrail("r-5");
        assertThat(trail).hasSize(2);
        assertThat(trail.get(0)).isEqualTo(new AuditEntry(trail.get(0).at(), "ops-anna", "resume", "Octane is back", "resumed"));
        assertThat(trail.get(0).at()).isBetween(before, System.currentTimeMillis());
        assertThat(trail.get(1).action()).isEqualTo("abandon");
        assertThat(trail.get(1).reason()).as("no reason: an empty one").isEmpty();
        assertThat(trail.get(1).result()).isEmpty();
        assertThat(store.auditTrail("nobody")).isEmpty();
    }

    @Test
    void auditTextsAreCutAtTwoThousandCharacters() {
        store.audit("r-7", "ops", "resume", "r".repeat(2000), "s".repeat(2001));
        AuditEntry e = store.auditTrail("r-7").get(0);
        assertThat(e.reason()).hasSize(2000);
        assertThat(e.result()).hasSize(2000);
    }

    // ---------------------------------------------------------------- the request list

    @Test
    void theListFiltersByStatusFlowTimeAndAPartOfTheRequestId() {
        journal.accept("alpha-1", FLOW, Map.of(), "http");
        nextMillisecond();
        journal.accept("beta-2", "nbn.activate", Map.of(), "http");
        journal.park("beta-2", "UNCERTAIN", "look", null);
        nextMillisecond();
        journal.accept("alpha-3", FLOW, Map.of(), "http");
        journal.fail("alpha-3", "60", "no");
        long t2 = journal.find("beta-2").orElseThrow().createdAt();

        assertThat(ids(store.list(all()))).containsExactly("alpha-1", "beta-2", "alpha-3");
        assertThat(store.list(all()).total()).isEqualTo(3);
        assertThat(ids(store.list(filter(List.of(Journal.PARKED), null, null, null, null)))).containsExactly("beta-2");
        assertThat(ids(store.list(filter(List.of(Journal.PARKED, Journal.FAILED), null, null, null, null)))).containsExactly("beta-2", "alpha-3");
        assertThat(ids(store.list(filter(List.of(), null, null, null, null)))).as("no statuses: any").hasSize(3);
        assertThat(ids(store.list(filter(null, FLOW, null, null, null)))).containsExactly("alpha-1", "alpha-3");
        assertThat(ids(store.list(filter(null, " ", null, null, null)))).as("a blank flow: any").hasSize(3);
        assertThat(ids(store.list(filter(null, null, t2, null, null)))).as("created before").containsExactly("alpha-1");
        assertThat(ids(store.list(filter(null, null, null, t2, null)))).as("created at or after").containsExactly("beta-2", "alpha-3");
        assertThat(ids(store.list(filter(null, null, null, null, "pha")))).containsExactly("alpha-1", "alpha-3");
        assertThat(ids(store.list(filter(null, null, null, null, " ")))).as("a blank text: any").hasSize(3);
        Page both = store.list(filter(List.of(Journal.FAILED, Journal.ACCEPTED), FLOW, null, t2, "alpha"));
        assertThat(ids(both)).containsExactly("alpha-3");
        assertThat(both.total()).isEqualTo(1);
    }

    @Test
    void theTextFilterMatchesLikeWildcardsLiterally() {
        journal.accept("a_b", FLOW, Map.of(), "http");
        journal.accept("axb", FLOW, Map.of(), "http");
        journal.accept("a%b", FLOW, Map.of(), "http");
        journal.accept("a!b", FLOW, Map.of(), "http");
        assertThat(ids(store.list(filter(null, null, null, null, "a_b")))).containsExactly("a_b");
        assertThat(ids(store.list(filter(null, null, null, null, "a%b")))).containsExactly("a%b");
        assertThat(ids(store.list(filter(null, null, null, null, "a!b")))).containsExactly("a!b");
    }

    @Test
    void theListIsSortedByTheColumnAskedForAndPagedWithTheTotalOfAllPages() {
        for (String id : List.of("r-c", "r-a", "r-e", "r-b", "r-d")) {
            journal.accept(id, FLOW, Map.of(), "http");
            nextMillisecond();
        }
        assertThat(ids(store.list(new Filter(null, null, null, null, null, "requestId", false, 0, 10))))
                .containsExactly("r-a", "r-b", "r-c", "r-d", "r-e");
        assertThat(ids(store.list(new Filter(null, null, null, null, null, "requestId", true, 0, 10))))
                .containsExactly("r-e", "r-d", "r-c", "r-b", "r-a");
        assertThat(ids(store.list(new Filter(null, null, null, null, null, "no such column", true, 0, 10))))
                .as("an unknown sort: by creation").containsExactly("r-d", "r-b", "r-e", "r-a", "r-c");
        Page second = store.list(new Filter(null, null, null, null, null, "requestId", false, 1, 2));
        assertThat(ids(second)).containsExactly("r-c", "r-d");
        assertThat(second.total()).isEqualTo(5);
        Page last = store.list(new Filter(null, null, null, null, null, "requestId", false, 2, 2));
        assertThat(ids(last)).containsExactly("r-e");
        assertThat(store.list(new Filter(null, null, null, null, null, "requestId", false, 3, 2)).items()).isEmpty();
    }

    @Test
    void requestsWithTheSameSortValueAreOrderedByRequestId() {
        for (String id : List.of("s-2", "s-3", "s-1")) {
            journal.accept(id, FLOW, Map.of(), "http");
        }
        assertThat(ids(store.list(new Filter(null, null, null, null, null, "status", true, 0, 10)))).containsExactly("s-1", "s-2", "s-3");
        assertThat(OperationsStore.SORTS).containsOnlyKeys("createdAt", "updatedAt", "requestId", "status", "flow");
    }

    @Test
    void theCountsAreByStatus() {
        assertThat(store.countByStatus()).isEmpty();
        journal.accept("c-1", FLOW, Map.of(), "http");
        journal.accept("c-2", FLOW, Map.of(), "http");
        journal.accept("c-3", FLOW, Map.of(), "http");
        journal.fail("c-3", "X", "y");
        assertThat(store.countByStatus()).containsExactly(Map.entry(Journal.ACCEPTED, 2L), Map.entry(Journal.FAILED, 1L));
    }

    @Test
    void theBacklogCountsTheOrdersDueNowSinceWhenAndAllThatAreFollowed() {
        long now = System.currentTimeMillis();
        assertThat(store.backlog(now)).isEqualTo(new Backlog(0, null, 0));
        journal.accept("b-1", FLOW, Map.of(), "http");
        journal.completeStep("b-1", "a", "orderCreate", Map.of(), Map.of(), "o-1", now - 500);
        journal.completeStep("b-1", "b", "orderCreate", Map.of(), Map.of(), "o-2", now);
        journal.completeStep("b-1", "c", "orderCreate", Map.of(), Map.of(), "o-3", now + 1);
        journal.completeStep("b-1", "d", "orderCreate", Map.of(), Map.of(), "o-4", now - 900);
        journal.markStuck("o-4", "x");
        assertThat(store.backlog(now)).isEqualTo(new Backlog(2, now - 500, 3));
    }

    // ---------------------------------------------------------------- unpark

    @Test
    void unparkMakesAParkedRequestRunnableAndFollowsItsStuckOrderFromNow() {
        long now = System.currentTimeMillis();
        journal.accept("u-1", FLOW, Map.of(), "http");
        journal.completeStep("u-1", "a", "orderCreate", Map.of(), Map.of(), "o-stuck", now - 100_000);
        journal.completeStep("u-1", "b", "orderCreate", Map.of(), Map.of(), "o-done", now - 100_000);
        journal.recordUnreadable("o-stuck", now - 50_000);
        journal.markStuck("o-stuck", "unreadable");
        journal.updateOrder("o-done", Journal.ORDER_DONE, "COMPLETE", null, Map.of(), now - 100_000);
        journal.park("u-1", "TRANSIENT", "503", now - 1);
        journal.park("u-1", "STUCK", "order o-stuck is stuck", null);
        assertThat(journal.parkCount("u-1")).isEqualTo(1);

        assertThat(store.unpark("u-1")).isTrue();
        RequestRecord r = journal.find("u-1").orElseThrow();
        assertThat(r.status()).isEqualTo(Journal.ACCEPTED);
        assertThat(r.errorCode()).isNull();
        assertThat(r.errorMessage()).isNull();
        assertThat(r.retryAt()).isNull();
        assertThat(r.updatedAt()).isGreaterThanOrEqualTo(now);
        assertThat(journal.parkCount("u-1")).as("automatic resumes start over").isZero();
        Journal.OrderRecord followed = journal.order("o-stuck").orElseThrow();
        assertThat(followed.status()).isEqualTo(Journal.ORDER_PENDING);
        assertThat(followed.unreadableCount()).isZero();
        assertThat(followed.nextPollAt()).isBetween(now, System.currentTimeMillis());
        assertThat(journal.order("o-done").orElseThrow().status()).isEqualTo(Journal.ORDER_DONE);
        assertThat(store.unpark("u-1")).as("no longer parked").isFalse();
    }

    @Test
    void unparkRefusesARequestThatIsNotParkedAndLeavesItsOrdersAlone() {
        long now = System.currentTimeMillis();
        journal.accept("u-2", FLOW, Map.of(), "http");
        journal.completeStep("u-2", "a", "orderCreate", Map.of(), Map.of(), "o-u2", now - 1000);
        journal.markStuck("o-u2", "unreadable");
        journal.fail("u-2", "60", "no");
        assertThat(store.unpark("u-2")).isFalse();
        assertThat(journal.find("u-2").orElseThrow().status()).isEqualTo(Journal.FAILED);
        assertThat(journal.order("o-u2").orElseThrow().status()).isEqualTo(Journal.ORDER_STUCK);
        assertThat(store.unpark("nobody")).isFalse();
    }
}
