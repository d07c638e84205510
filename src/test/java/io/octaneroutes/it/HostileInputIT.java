package io.octaneroutes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.octaneroutes.journal.Journal;

/**
 * The hostile input corpus (src/test/resources/hostile: malformed and truncated JSON, deep
 * nesting, wrong encodings, duplicate keys, unicode edge cases, bad numbers, values aimed at
 * SOAP/XML, SQL, paths and mail headers, broken structure) plus an oversized body: each one is
 * refused with a reason, over HTTP and through the file drop, nothing of it is journaled, and
 * the application carries on.
 */
class HostileInputIT {
    static TestApp app;
    static List<Path> corpus;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.start(Map.of("intake.max-bytes", "65536"));
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/hostile"))) {
            corpus = s.sorted().toList();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    @Test
    void theCorpusHasAtLeastFortyCases() {
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(40);
    }

    @Test
    void everyCaseIsRefusedOverHttpWithAReason() throws Exception {
        for (Path file : corpus) {
            HttpResponse<String> r = app.send(HttpRequest.newBuilder(app.uri("/api/requests")).header("X-API-Key", TestApp.API_KEY)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(file))).build());
            assertThat(r.statusCode()).as(file.getFileName() + ": " + r.body()).isEqualTo(400);
            assertThat(r.body()).as(file.getFileName().toString()).contains("\"errors\":[\"");
        }
        byte[] huge = ("{\"requestId\":\"h-huge\",\"flow\":\"mobile.activate.new-msn.esim\",\"params\":{\"lineName\":\"" + "a".repeat(70_000) + "\"}}").getBytes();
        HttpResponse<String> r = app.send(HttpRequest.newBuilder(app.uri("/api/requests")).header("X-API-Key", TestApp.API_KEY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("the limit is 65536");
        assertNothingJournaledAndStillRunning("hostile-http-ok");
    }

    @Test
    void everyCaseDroppedAsAFileEndsInErrorWithAReasonFile() throws Exception {
        for (Path file : corpus) {
            app.dropFile(file.getFileName().toString(), Files.readAllBytes(file));
        }
        Path error = app.inbox().resolve("error");
        await().atMost(Duration.ofSeconds(60)).until(() -> corpus.stream()
                .allMatch(f -> Files.exists(error.resolve(f.getFileName() + ".reason")) && Files.exists(error.resolve(f.getFileName()))));
        for (Path file : corpus) {
            assertThat(Files.readString(error.resolve(file.getFileName() + ".reason")).trim()).as(file.getFileName().toString()).isNotEmpty();
        }
        assertThat(Files.list(app.inbox()).filter(Files::isRegularFile).toList()).as("nothing left behind").isEmpty();
        assertNothingJournaledAndStillRunning("hostile-file-ok");
    }

    private static void assertNothingJournaledAndStillRunning(String okId) throws Exception {
        for (int i = 1; i <= 46; i++) {
            assertThat(app.journal().find("h-" + i)).as("h-" + i).isEmpty();
        }
        app.post("/api/requests", TestApp.esimRequest(okId, 554433, 23371, true));
        assertThat(app.awaitFinal(okId, Duration.ofSeconds(60))).isEqualTo(Journal.COMPLETED);
    }
}
