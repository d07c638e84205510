package io.octaneroutes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.octaneroutes.intake.Reasons;
import io.octaneroutes.journal.Journal;

/**
 * The hostile input corpus (src/test/resources/hostile: malformed and truncated JSON, deep
 * nesting, wrong encodings, duplicate keys, unicode edge cases, bad numbers, values aimed at
 * SOAP/XML, SQL, paths and mail headers, broken structure, requestIds without a letter or digit,
 * unknown properties whose names are personal data, reason floods) plus an oversized body: each
 * one is refused over HTTP, through the file drop and over JMS, with a bounded reason that
 * echoes nothing of the input (no text marked ECHO-CANARY comes back), nothing of it is
 * journaled, and the application carries on. The cases in {@code hostile/accepted} (ids and
 * codes written as strings or numbers, issue 11 item 5) are taken on every path, normalised.
 */
class HostileInputIT {
    /** The bounds of one rejection's reasons as written anywhere: 21 lines of at most 300 characters, plus JSON. */
    static final int MAX_REASON_BYTES = (Reasons.MAX_REASONS + 1) * (Reasons.MAX_CHARS + 8) + 64;
    static final String CANARY = "ECHO-CANARY";
    static TestApp app;
    static List<Path> corpus;
    static List<Path> accepted;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.start(Map.of("intake.max-bytes", "65536", "octane.simulator.esim-stock", "50"));
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/hostile"))) {
            corpus = s.filter(Files::isRegularFile).sorted().toList();
        }
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/hostile/accepted"))) {
            accepted = s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    @Test
    void theCorpusHasAtLeastFiftyCases() {
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(50);
        assertThat(accepted).isNotEmpty();
    }

    @Test
    void everyCaseIsRefusedOverHttpWithABoundedReason() throws Exception {
        for (Path file : corpus) {
            HttpResponse<String> r = app.send(HttpRequest.newBuilder(app.uri("/api/requests")).header("X-API-Key", TestApp.API_KEY)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(file))).build());
            assertThat(r.statusCode()).as(file.getFileName() + ": " + head(r.body())).isEqualTo(400);
            assertBounded(file + " (HTTP 400 body)", r.body());
            assertThat(r.body()).as(file.getFileName().toString()).contains("\"errors\":[\"");
        }
        byte[] huge = ("{\"requestId\":\"h-huge\",\"flow\":\"mobile.activate.new-msn.esim\",\"params\":{\"lineName\":\"" + "a".repeat(70_000) + "\"}}").getBytes();
        HttpResponse<String> r = app.send(HttpRequest.newBuilder(app.uri("/api/requests")).header("X-API-Key", TestApp.API_KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("the limit is 65536");
        assertNothingJournaledAndStillRunning("hostile-http-ok");
    }

    @Test
    void everyCaseDroppedAsAFileEndsInErrorWithABoundedReasonFile() throws Exception {
        for (Path file : corpus) {
            app.dropFile(file.getFileName().toString(), Files.readAllBytes(file));
        }
        Path error = app.inbox().resolve("error");
        await().atMost(Duration.ofSeconds(90)).until(() -> corpus.stream()
                .allMatch(f -> Files.exists(error.resolve(f.getFileName() + ".reason")) && Files.exists(error.resolve(f.getFileName()))));
        for (Path file : corpus) {
            String reason = Files.readString(error.resolve(file.getFileName() + ".reason"));
            assertThat(reason.trim()).as(file.getFileName().toString()).isNotEmpty();
            assertBounded(file + " (.reason)", reason);
        }
        try (Stream<Path> left = Files.list(app.inbox())) {
            assertThat(left.filter(Files::isRegularFile).toList()).as("nothing left behind").isEmpty();
        }
        assertNothingJournaledAndStillRunning("hostile-file-ok");
    }

    @Test
    void everyCaseSentOverJmsGoesToTheErrorQueueWithABoundedReason() throws Exception {
        ConsumerTemplate consumer = app.context().createConsumerTemplate();
        for (Path file : corpus) {
            // as bytes: several cases are not valid UTF-8 and must arrive exactly as written
            app.template().sendBody("jms:queue:octane.requests", Files.readAllBytes(file));
        }
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < corpus.size(); i++) {
            Exchange rejected = consumer.receive("jms:queue:octane.requests.error", 30_000);
            assertThat(rejected).as("rejection " + (i + 1) + " of " + corpus.size()).isNotNull();
            reasons.add(rejected.getIn().getHeader("OctaneRejectReason", String.class));
        }
        for (String reason : reasons) {
            assertThat(reason).isNotBlank();
            assertBounded("OctaneRejectReason", reason);
        }
        assertThat(consumer.receive("jms:queue:DLQ", 500)).as("nothing dead-lettered").isNull();
        assertNothingJournaledAndStillRunning("hostile-jms-ok");
    }

    @Test
    void digitIdsWrittenAsStringsOrNumbersAreTakenOnEveryPathNormalised() throws Exception {
        for (Path file : accepted) {
            String doc = Files.readString(file);
            String id = TestApp.JSON.readTree(doc).get("requestId").asText();
            app.post("/api/requests", doc.replace("\"" + id + "\"", "\"" + id + "-http\""));
            app.dropFile(file.getFileName().toString(), doc.replace("\"" + id + "\"", "\"" + id + "-file\""));
            app.sendJms(doc.replace("\"" + id + "\"", "\"" + id + "-jms\""));
            for (String path : List.of("http", "file", "jms")) {
                String requestId = id + "-" + path;
                await().atMost(Duration.ofSeconds(30)).until(() -> app.journal().find(requestId).isPresent());
                Map<String, Object> params = app.journal().find(requestId).orElseThrow().params();
                assertThat(params.get("custNo")).as(requestId).isEqualTo(554433);
                assertThat(params.get("planNo")).as(requestId).isEqualTo(23371);
                if (params.containsKey("spendCode")) {
                    assertThat(params.get("spendCode")).as(requestId).isEqualTo("80620");
                    assertThat(params.get("cycleNo")).as(requestId).isEqualTo("28");
                }
                assertThat(app.awaitFinal(requestId, Duration.ofSeconds(60))).as(requestId).isEqualTo(Journal.COMPLETED);
            }
        }
    }

    /** A rejection's text: within the bounds, echoing nothing the sender marked. */
    static void assertBounded(String what, String text) {
        assertThat(text.getBytes(StandardCharsets.UTF_8).length).as(what + " size").isLessThanOrEqualTo(MAX_REASON_BYTES);
        assertThat(text).as(what + " echoes the input").doesNotContain(CANARY);
    }

    private static String head(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private static void assertNothingJournaledAndStillRunning(String okId) throws Exception {
        for (int i = 1; i <= 52; i++) {
            assertThat(app.journal().find("h-" + i)).as("h-" + i).isEmpty();
        }
        for (String id : List.of(".", "..", "-")) {
            assertThat(app.journal().find(id)).as(id).isEmpty();
        }
        app.post("/api/requests", TestApp.esimRequest(okId, 554433, 23371, true));
        assertThat(app.awaitFinal(okId, Duration.ofSeconds(60))).isEqualTo(Journal.COMPLETED);
    }
}
