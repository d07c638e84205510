package io.octaneroutes.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

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

    @Test
    void everyExampleRequestIsValidAndEveryAvailableFlowHasOne() throws Exception {
        IntakeValidator big = new IntakeValidator(262144);
        List<Path> files;
        try (Stream<Path> s = Files.walk(Path.of("examples"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        java.util.Set<String> flows = new java.util.TreeSet<>();
        for (Path f : files) {
            var r = big.validate(Files.readAllBytes(f));
            if (!r.isContinuation()) {
                flows.add(r.flow());
            }
        }
        assertThat(flows).containsExactlyInAnyOrderElementsOf(Flows.AVAILABLE);
    }

    @Test
    void aPortInTakesExactlyOneOfDobAndArn() {
        String base = "{\"requestId\":\"p-1\",\"flow\":\"mobile.activate.port-msn.physical-sim\",\"params\":{\"custNo\":1,\"planNo\":2,"
                + "\"simNo\":\"8961000000000000001\",\"msn\":\"0412345678\"";
        assertThat(reject(base + "}}")).isNotNull();
        assertThat(reject(base + ",\"dob\":\"1980-01-01\",\"arn\":\"A1\"}}")).isNotNull();
        assertThat(validator.validate((base + ",\"arn\":\"A1\"}}").getBytes(StandardCharsets.UTF_8)).params()).containsEntry("arn", "A1");
        assertThat(reject(base + ",\"dob\":\"1980-13-45\"}}").getReasons()).anyMatch(r -> r.contains("dob"));
    }

    @Test
    void aContinuationCarriesOnlyAKnownWellFormedInput() {
        var ok = validator.validate("{\"requestId\":\"p-1\",\"continue\":{\"otpCode\":\"123456\"}}".getBytes(StandardCharsets.UTF_8));
        assertThat(ok.isContinuation()).isTrue();
        assertThat(ok.inputs()).containsEntry("otpCode", "123456");
        assertThat(reject("{\"requestId\":\"p-1\",\"continue\":{\"otpCode\":123456}}").getReasons().get(0)).contains("otpCode must be a string");
        assertThat(reject("{\"requestId\":\"p-1\",\"continue\":{\"pin\":\"1\"}}").getReasons().get(0)).contains("not an input any flow waits for");
        assertThat(reject("{\"requestId\":\"p-1\",\"flow\":\"x\",\"continue\":{\"otpCode\":\"123456\"}}").getReasons().get(0))
                .contains("unexpected property 'flow'");
        assertThat(reject("{\"requestId\":\"p-1\",\"continue\":{}}").getReasons().get(0)).contains("continue must be an object");
    }
}
