package io.octaneroutes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.octaneroutes.journal.Journal;

/** Bad requests land in each intake path's error destination with a reason a human can act on, and intake goes on. */
class BadInputIT {
    static TestApp app;

    /** name → (body, a phrase the reason must contain). */
    static final Map<String, String[]> CASES = new LinkedHashMap<>();

    static {
        CASES.put("not-json", new String[] {"this is not json", "not valid JSON"});
        CASES.put("unknown-flow", new String[] {"{\"requestId\":\"bad-2\",\"flow\":\"mobile.teleport\",\"params\":{}}", "unknown flow"});
        CASES.put("missing-params", new String[] {"{\"requestId\":\"bad-3\",\"flow\":\"mobile.activate.new-msn.esim\",\"params\":{\"custNo\":554433}}",
            "required property 'planNo' not found"});
        CASES.put("mistyped-params", new String[] {"{\"requestId\":\"bad-4\",\"flow\":\"mobile.activate.new-msn.esim\",\"params\":{\"custNo\":\"554433\",\"planNo\":23371,\"isQRcode\":\"yes\"}}",
            "/params/custNo: string found, integer expected"});
        CASES.put("empty", new String[] {"", "empty request"});
    }

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.start(Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    @Test
    void badFilesGoToErrorWithAReasonFileAndTheNextGoodFileStillRuns() throws Exception {
        for (Map.Entry<String, String[]> c : CASES.entrySet()) {
            app.dropFile(c.getKey() + ".json", c.getValue()[0]);
        }
        Path error = app.inbox().resolve("error");
        for (Map.Entry<String, String[]> c : CASES.entrySet()) {
            Path reason = error.resolve(c.getKey() + ".json.reason");
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(reason) && Files.exists(error.resolve(c.getKey() + ".json")));
            assertThat(Files.readString(reason)).as(c.getKey()).contains(c.getValue()[1]);
        }
        assertThat(app.journal().find("bad-3")).isEmpty();

        app.dropFile("good.json", TestApp.esimRequest("good-file", 554433, 23371, true));
        assertThat(app.awaitFinal("good-file", Duration.ofSeconds(60))).isEqualTo(Journal.COMPLETED);
    }

    @Test
    void badMessagesGoToTheErrorQueueWithTheReasonAndConsumptionGoesOn() {
        for (Map.Entry<String, String[]> c : CASES.entrySet()) {
            app.sendJms(c.getValue()[0]);
            Exchange rejected = app.template().getCamelContext().createConsumerTemplate()
                    .receive("jms:queue:octane.requests.error", 20_000);
            assertThat(rejected).as(c.getKey()).isNotNull();
            assertThat(rejected.getIn().getHeader("OctaneRejectReason", String.class)).as(c.getKey()).contains(c.getValue()[1]);
            assertThat(rejected.getIn().getBody(String.class)).isEqualTo(c.getValue()[0]);
        }
        app.sendJms(TestApp.esimRequest("good-jms", 554433, 23371, true));
        assertThat(app.awaitFinal("good-jms", Duration.ofSeconds(60))).isEqualTo(Journal.COMPLETED);
    }

    @Test
    void httpIntakeAndStatusNeedCredentials() throws Exception {
        String body = TestApp.esimRequest("auth-1", 554433, 23371, true);
        java.net.http.HttpRequest noKey = java.net.http.HttpRequest.newBuilder(app.uri("/api/requests"))
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
        java.net.http.HttpRequest wrongKey = java.net.http.HttpRequest.newBuilder(app.uri("/api/requests")).header("X-API-Key", "guess")
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
        java.net.http.HttpRequest status = java.net.http.HttpRequest.newBuilder(app.uri("/api/requests/auth-1")).GET().build();
        for (java.net.http.HttpRequest r : new java.net.http.HttpRequest[] {noKey, wrongKey, status}) {
            HttpResponse<String> answer = app.send(r);
            assertThat(answer.statusCode()).isEqualTo(401);
            assertThat(answer.headers().firstValue("WWW-Authenticate")).isPresent();
        }
        assertThat(app.journal().find("auth-1")).as("nothing journaled without credentials").isEmpty();
        assertThat(app.post("/api/requests", body).statusCode()).isEqualTo(202);
    }

    @Test
    void badHttpRequestsGet400WithEveryReasonAndNothingIsJournaled() throws Exception {
        for (Map.Entry<String, String[]> c : CASES.entrySet()) {
            HttpResponse<String> r = app.post("/api/requests", c.getValue()[0]);
            assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
            assertThat(r.body()).as(c.getKey()).contains("\"errors\"").contains(c.getValue()[1].replace("'", "'"));
        }
        HttpResponse<String> many = app.post("/api/requests",
                "{\"requestId\":\"bad-9\",\"flow\":\"mobile.activate.new-msn.esim\",\"params\":{\"custNo\":\"x\",\"isQRcode\":1}}");
        assertThat(many.body()).contains("custNo").contains("planNo").contains("isQRcode");
        assertThat(app.journal().find("bad-9")).isEmpty();
        assertThat(app.journal().find("bad-4")).isEmpty();
    }
}
