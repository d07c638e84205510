package io.octaneroutes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A batch with customers' personal data and a distinctive Octane password, run with the root
 * logger at DEBUG; then every byte the application wrote (log, events, .reason files, error
 * queue, status API) is scanned for the secrets and the personal data.
 */
class SecretsPrivacyIT {
    static final String PASSWORD = "Sekr1t-Octane-Pw-9931";
    static final String[] PERSONAL = {"Zebulon", "Quixotefield", "zq.private@example.com", "77 Hidden Lane", "0499123987", "1971-03-04"};
    static TestApp app;
    static StringWriter log = new StringWriter();
    static WriterAppender appender;

    @BeforeAll
    static void start() throws Exception {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        appender = WriterAppender.createAppender(PatternLayout.newBuilder().withPattern("%p %c %m %ex%n").build(), null, log, "scan", false, true);
        appender.start();
        config.addAppender(appender);
        config.getRootLogger().addAppender(appender, Level.ALL, null);
        config.getLoggers().values().forEach(l -> l.addAppender(appender, Level.ALL, null));
        config.getRootLogger().setLevel(Level.DEBUG);
        ctx.updateLoggers();
        app = TestApp.start(Map.of("octane.password", PASSWORD));
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        config.getRootLogger().removeAppender("scan");
        config.getLoggers().values().forEach(l -> l.removeAppender("scan"));
        config.getRootLogger().setLevel(Level.INFO);
        ctx.updateLoggers();
    }

    private static String customerRequest(String requestId, String custNoOrType) {
        return "{\"requestId\":\"" + requestId + "\",\"flow\":\"mobile.activate.new-msn.esim\",\"params\":{" + custNoOrType
                + "\"customer\":{\"customerIdentity\":{\"customerType\":\"R\",\"customerGivenNames\":\"Zebulon\",\"customerSurname\":\"Quixotefield\",\"customerDob\":\"1971-03-04\"},"
                + "\"address\":{\"addressLine1\":\"77 Hidden Lane\",\"suburb\":\"CHATSWOOD\",\"state\":\"NSW\",\"postcode\":\"2067\"},"
                + "\"contactMedium\":[{\"contactType\":\"EMAIL\",\"contactDestination\":\"zq.private@example.com\"},{\"contactType\":\"PHONE\",\"contactDestination\":\"0499123987\"}]},"
                + "\"planNo\":23371,\"isQRcode\":false}}";
    }

    @Test
    void noSecretAndNoPersonalDataLeavesThroughLogsEventsErrorsOrTheStatusApi() throws Exception {
        List<String> ids = List.of("pii-http", "pii-file", "pii-jms");
        app.post("/api/requests", customerRequest("pii-http", ""));
        app.dropFile("pii-file.json", customerRequest("pii-file", ""));
        app.sendJms(customerRequest("pii-jms", ""));
        // and rejected ones, carrying the same data: custNo and customer together, custNo mistyped
        String bad = customerRequest("pii-bad", "\"custNo\":\"Zebulon\",");
        // an unknown property whose name is personal data (issue 12: never echoed in a reason or log)
        String badKey = customerRequest("pii-bad-key", "\"zq.private@example.com\":\"Quixotefield\",");
        assertThat(app.post("/api/requests", bad).statusCode()).isEqualTo(400);
        assertThat(app.post("/api/requests", badKey).statusCode()).isEqualTo(400);
        app.dropFile("pii-bad.json", bad);
        app.dropFile("pii-bad-key.json", badKey);
        app.sendJms(bad);
        app.sendJms(badKey);
        // an ObjectMessage carrying the same data: refused without being deserialized or logged
        try (jakarta.jms.Connection c = ((org.springframework.jms.connection.CachingConnectionFactory) app.context()
                .getComponent("jms", org.apache.camel.component.jms.JmsComponent.class).getConnectionFactory()).getTargetConnectionFactory()
                .createConnection()) {
            jakarta.jms.Session session = c.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createQueue("octane.requests")).send(session.createObjectMessage(customerRequest("pii-object", "")));
        }
        for (String id : ids) {
            assertThat(app.awaitFinal(id, Duration.ofSeconds(60))).isEqualTo("COMPLETED");
        }
        List<Exchange> rejections = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Exchange rejected = app.context().createConsumerTemplate().receive("jms:queue:octane.requests.error", 20_000);
            assertThat(rejected).isNotNull();
            rejections.add(rejected);
        }
        assertThat(app.journal().find("pii-object")).isEmpty();
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(app.inbox().resolve("error/pii-bad.json.reason"))
                && Files.exists(app.inbox().resolve("error/pii-bad-key.json.reason")));

        List<String> written = new ArrayList<>();
        written.add("log: " + log);
        try (Stream<Path> files = Files.walk(app.dir())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".reason") || f.startsWith(app.dir().resolve("outbox"))) {
                    written.add(f + ": " + Files.readString(f, StandardCharsets.UTF_8));
                }
            }
        }
        for (String id : ids) {
            written.add("status " + id + ": " + app.get("/api/requests/" + id).body());
        }
        for (Exchange rejected : rejections) {
            written.add("error queue header: " + rejected.getIn().getHeader("OctaneRejectReason"));
        }
        written.add("bad http: " + app.post("/api/requests", bad).body());
        written.add("bad key http: " + app.post("/api/requests", badKey).body());

        String basic = Base64.getEncoder().encodeToString(("demo:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        List<String> forbidden = new ArrayList<>(List.of(PASSWORD, basic, TestApp.API_KEY));
        forbidden.addAll(List.of(PERSONAL));
        assertThat(log.toString()).as("DEBUG logging really ran").contains("DEBUG ").hasSizeGreaterThan(100_000);
        for (String chunk : written) {
            for (String secret : forbidden) {
                assertThat(chunk).as("what was written must not contain '" + secret + "'").doesNotContain(secret);
            }
        }
    }
}
