package io.octaneroutes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.octaneroutes.journal.Journal;

/** Bad requests land in each intake path's error destination with a reason a human can act on, and intake goes on. */
class BadInputIT {
    static final String USER = "intake-user";
    static final String PASSWORD = "intake-Pw-4417";
    static TestApp app;

    /** name → (body, a phrase the reason must contain). */
    static final Map<String, String[]> CASES = new LinkedHashMap<>();

    static {
        CASES.put("not-json", new String[] {"this is not json", "not valid JSON"});
        CASES.put("unknown-flow", new String[] {"{\"requestId\":\"bad-2\",\"flow\":\"mobile.teleport\",\"params\":{}}", "unknown flow"});
        CASES.put("missing-params", new String[] {"{\"requestId\":\"bad-3\",\"flow\":\"mobile.activate.new-msn.esim\",\"params\":{\"custNo\":554433}}",
            "required property 'planNo' not found"});
        CASES.put("mistyped-params", new String[] {"{\"requestId\":\"bad-4\",\"flow\":\"mobile.activate.new-msn.esim\",\"params\":{\"custNo\":\"55443x\",\"planNo\":23371,\"isQRcode\":\"yes\"}}",
            "/params/custNo: must be a whole number, as a JSON integer or a string of ASCII digits"});
        CASES.put("empty", new String[] {"", "empty request"});
        // issue 12, item 8: an id without a letter or digit cannot be a URL path segment of the status API
        CASES.put("requestId-dot", new String[] {"{\"requestId\":\".\",\"flow\":\"mobile.activate.new-msn.esim\",\"params\":{\"custNo\":554433,\"planNo\":23371,\"isQRcode\":false}}",
            "requestId must be 1-64 characters of A-Z a-z 0-9 . _ : - with at least one letter or digit"});
        CASES.put("requestId-dotdot", new String[] {"{\"requestId\":\"..\",\"flow\":\"mobile.activate.new-msn.esim\",\"params\":{\"custNo\":554433,\"planNo\":23371,\"isQRcode\":false}}",
            "with at least one letter or digit"});
    }

    @BeforeAll
    static void start() throws Exception {
        // several eSIM activations run here: more test eSIMs than the default five
        app = TestApp.start(Map.of("intake.http.username", USER, "intake.http.password", PASSWORD, "octane.simulator.esim-stock", "50"));
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
        assertThat(app.journal().find(".")).isEmpty();

        app.dropFile("good.json", TestApp.esimRequest("good-file", 554433, 23371, true));
        assertThat(app.awaitFinal("good-file", Duration.ofSeconds(60))).isEqualTo(Journal.COMPLETED);
    }

    @Test
    void aReusedFileNameKeepsEveryEarlierInputInDoneAndError() throws Exception {
        Path done = app.inbox().resolve("done");
        Path error = app.inbox().resolve("error");
        app.dropFile("again.json", "not json, first");
        // the reason is written first, the input moved to error/ when its exchange ends
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(error.resolve("again.json.reason"))
                && !Files.exists(app.inbox().resolve("again.json")));
        app.dropFile("again.json", "{\"requestId\":\"bad-again\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(error.resolve("again.2.json.reason")));
        assertThat(Files.readString(error.resolve("again.json"))).isEqualTo("not json, first");
        assertThat(Files.readString(error.resolve("again.json.reason"))).contains("not valid JSON");
        assertThat(Files.readString(error.resolve("again.2.json"))).isEqualTo("{\"requestId\":\"bad-again\"}");
        assertThat(Files.readString(error.resolve("again.2.json.reason"))).contains("flow is missing");

        app.dropFile("same.json", TestApp.esimRequest("same-1", 554433, 23371, false));
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(done.resolve("same.json")) && !Files.exists(app.inbox().resolve("same.json")));
        app.dropFile("same.json", TestApp.esimRequest("same-2", 554433, 23371, false));
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(done.resolve("same.2.json")));
        assertThat(Files.readString(done.resolve("same.json"))).contains("same-1");
        assertThat(Files.readString(done.resolve("same.2.json"))).contains("same-2");
        assertThat(app.awaitFinal("same-2", Duration.ofSeconds(60))).isEqualTo(Journal.COMPLETED);
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
        HttpRequest noKey = HttpRequest.newBuilder(app.uri("/api/requests"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpRequest wrongKey = HttpRequest.newBuilder(app.uri("/api/requests")).header("X-API-Key", "guess")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpRequest status = HttpRequest.newBuilder(app.uri("/api/requests/auth-1")).GET().build();
        for (HttpRequest r : new HttpRequest[] {noKey, wrongKey, status}) {
            HttpResponse<String> answer = app.send(r);
            assertThat(answer.statusCode()).isEqualTo(401);
            assertThat(answer.headers().firstValue("WWW-Authenticate")).isPresent();
        }
        assertThat(app.journal().find("auth-1")).as("nothing journaled without credentials").isEmpty();
        assertThat(app.post("/api/requests", body).statusCode()).isEqualTo(202);
    }

    @Test
    void credentialsInTheQueryStringOrAFormFieldNeverAuthenticate() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        String body = TestApp.esimRequest("query-1", 554433, 23371, true);
        List<HttpRequest> attempts = List.of(
                HttpRequest.newBuilder(app.uri("/api/requests?X-API-Key=" + TestApp.API_KEY)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpRequest.newBuilder(app.uri("/api/requests?Authorization=" + basic.replace(" ", "%20"))).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpRequest.newBuilder(app.uri("/api/requests")).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("X-API-Key=" + TestApp.API_KEY + "&requestId=query-1")).build(),
                HttpRequest.newBuilder(app.uri("/api/requests/good-jms?X-API-Key=" + TestApp.API_KEY)).GET().build(),
                HttpRequest.newBuilder(app.uri("/api/requests/query-1/continue?X-API-Key=" + TestApp.API_KEY)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"otpCode\":\"123456\"}")).build());
        for (HttpRequest r : attempts) {
            HttpResponse<String> answer = app.send(r);
            assertThat(answer.statusCode()).as(r.uri().toString()).isEqualTo(401);
            assertThat(answer.body()).doesNotContain(TestApp.API_KEY).doesNotContain(PASSWORD);
        }
        assertThat(app.journal().find("query-1")).isEmpty();
        // the real headers still work, both kinds
        assertThat(app.send(HttpRequest.newBuilder(app.uri("/api/requests")).header("Authorization", basic).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build()).statusCode()).isEqualTo(202);
        assertThat(app.get("/api/requests/query-1").statusCode()).isEqualTo(200);
    }

    @Test
    void aBodyThatIsNotJsonByItsContentTypeIsRefusedWith415() throws Exception {
        String body = TestApp.esimRequest("ctype-1", 554433, 23371, true);
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "application/jsonx", null}) {
            HttpRequest.Builder b = HttpRequest.newBuilder(app.uri("/api/requests")).header("X-API-Key", TestApp.API_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (type != null) {
                b.header("Content-Type", type);
            }
            HttpResponse<String> answer = app.send(b.build());
            assertThat(answer.statusCode()).as(String.valueOf(type)).isEqualTo(415);
            assertThat(answer.body()).contains("Content-Type: application/json");
        }
        assertThat(app.journal().find("ctype-1")).isEmpty();
        HttpResponse<String> ok = app.send(HttpRequest.newBuilder(app.uri("/api/requests")).header("X-API-Key", TestApp.API_KEY)
                .header("Content-Type", "application/json; charset=UTF-8").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(ok.statusCode()).isEqualTo(202);
    }

    @Test
    void badHttpRequestsGet400WithEveryReasonAndNothingIsJournaled() throws Exception {
        for (Map.Entry<String, String[]> c : CASES.entrySet()) {
            HttpResponse<String> r = app.post("/api/requests", c.getValue()[0]);
            assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
            assertThat(r.body()).as(c.getKey()).contains("\"errors\"").contains(c.getValue()[1]);
        }
        HttpResponse<String> many = app.post("/api/requests",
                "{\"requestId\":\"bad-9\",\"flow\":\"mobile.activate.new-msn.esim\",\"params\":{\"custNo\":\"x\",\"isQRcode\":1}}");
        assertThat(many.body()).contains("custNo").contains("planNo").contains("isQRcode");
        assertThat(app.journal().find("bad-9")).isEmpty();
        assertThat(app.journal().find("bad-4")).isEmpty();
        assertThat(app.journal().find("..")).isEmpty();
    }
}
