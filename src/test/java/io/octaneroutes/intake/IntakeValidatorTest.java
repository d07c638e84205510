package io.octaneroutes.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class IntakeValidatorTest {
    private final IntakeValidator validator = new IntakeValidator(4096);

    private InvalidRequestException reject(String body) {
        return catchThrowableOfType(InvalidRequestException.class, () -> validator.validate(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void acceptsAValidEsimRequest() {
        var r = validator.validate("{\"requestId\":\"a-1\",\"flow\":\"mobile.activate.new-msn.esim\",\"params\":{\"custNo\":554433,\"planNo\":23371,\"isQRcode\":false}}"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(r.requestId()).isEqualTo("a-1");
        assertThat(r.params()).containsEntry("planNo", 23371);
    }

    @Test
    void reportsEveryProblemOfARequestAtOnce() {
        var e = reject("{\"requestId\":\"a-2\",\"flow\":\"mobile.activate.new-msn.esim\",\"params\":{\"custNo\":\"554433\",\"isQRcode\":\"no\"}}");
        assertThat(e.getReasons()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(String.join("\n", e.getReasons())).contains("custNo").contains("planNo").contains("isQRcode");
    }

    @Test
    void namesTheProblemWithoutQuotingTheValue() {
        var e = reject("{\"requestId\":\"a-3\",\"flow\":\"mobile.activate.new-msn.esim\",\"params\":{\"custNo\":1,\"planNo\":2,\"isQRcode\":true,\"notificationEmail\":\"Secret Person 1970\"}}");
        assertThat(String.join("\n", e.getReasons())).contains("notificationEmail").doesNotContain("Secret Person");
    }

    @Test
    void rejectsEmptyNotJsonUnknownFlowBadIdDuplicateKeysAndHugeBodies() {
        assertThat(reject("").getReasons().get(0)).startsWith("empty request");
        assertThat(reject("   \n").getReasons().get(0)).startsWith("empty request");
        assertThat(reject("{\"requestId\": \"x\"").getReasons().get(0)).startsWith("not valid JSON");
        assertThat(reject("[1,2]").getReasons().get(0)).startsWith("expected one JSON object");
        assertThat(reject("{\"requestId\":\"x\",\"flow\":\"pizza.order\",\"params\":{}}").getReasons().get(0)).startsWith("unknown flow");
        assertThat(reject("{\"requestId\":\"x\",\"flow\":\"nbn.withdraw\",\"params\":{}}").getReasons().get(0)).contains("not available in this version");
        assertThat(reject("{\"requestId\":\"../etc/passwd\",\"flow\":\"mobile.activate.new-msn.esim\",\"params\":{}}").getReasons())
                .anyMatch(r -> r.startsWith("requestId must be"));
        assertThat(reject("{\"requestId\":\"x\",\"requestId\":\"y\",\"flow\":\"mobile.activate.new-msn.esim\"}").getReasons().get(0))
                .contains("Duplicate field");
        assertThat(reject("{\"requestId\":\"x\",\"pad\":\"" + "a".repeat(5000) + "\"}").getReasons().get(0)).contains("the limit is 4096");
        byte[] latin1 = "{\"requestId\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(catchThrowableOfType(InvalidRequestException.class, () -> validator.validate(latin1)).getReasons().get(0))
                .contains("not valid UTF-8");
    }

    @Test
    void requiresExactlyOneOfCustNoAndCustomer() {
        var e = reject("{\"requestId\":\"a-4\",\"flow\":\"mobile.activate.new-msn.esim\",\"params\":{\"planNo\":2,\"isQRcode\":true}}");
        assertThat(e.getReasons()).isNotEmpty();
    }
}
