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
        var e = reject("{\"requestId\":\"a-2\",\"flow\":\"mobile.activate.new-msn.esim\",\"params\":{\"custNo\":\"x\",\"isQRcode\":\"no\"}}");
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
        assertThat(reject("{\"requestId\":\"p-1\",\"continue\":{\"pin\":\"1\"}}").getReasons().get(0)).isEqualTo("continue has an input no flow waits for; known inputs: otpCode");
        assertThat(reject("{\"requestId\":\"p-1\",\"flow\":\"x\",\"continue\":{\"otpCode\":\"123456\"}}").getReasons().get(0))
                .contains("a continuation has only requestId and continue; it has 1 other property");
        assertThat(reject("{\"requestId\":\"p-1\",\"continue\":{}}").getReasons().get(0)).contains("continue must be an object");
    }

    private IntakeValidator.IntakeRequest accept(String body) {
        return validator.validate(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String esim(String custNo, String planNo) {
        return "{\"requestId\":\"n-1\",\"flow\":\"mobile.activate.new-msn.esim\",\"params\":{\"custNo\":" + custNo + ",\"planNo\":" + planNo
                + ",\"isQRcode\":false}}";
    }

    @Test
    void digitIdsAreAcceptedAsNumbersOrAsciiDigitStringsAndNormalisedToTheSchemasType() {
        var fromStrings = accept(esim("\"554433\"", "\"23371\""));
        assertThat(fromStrings.params()).containsEntry("custNo", 554433).containsEntry("planNo", 23371);
        assertThat(fromStrings.params().get("custNo")).isInstanceOf(Integer.class);
        assertThat(accept(esim("554433", "23371")).params()).isEqualTo(fromStrings.params());

        // spendCode is a string on the wire (UtbOrder.wsdl): a number becomes its digits
        var spend = accept("{\"requestId\":\"n-2\",\"flow\":\"mobile.change.excess-spend\",\"params\":{\"custNo\":\"554433\",\"lineSeqNo\":\"1\",\"spendCode\":80620,\"seqNo\":\"10\"}}");
        assertThat(spend.params()).containsEntry("spendCode", "80620").containsEntry("lineSeqNo", 1).containsEntry("seqNo", 10).containsEntry("custNo", 554433);
        // nested: the consumers of a data limit update
        var limits = accept("{\"requestId\":\"n-3\",\"flow\":\"mobile.datapool.set-limit\",\"params\":{\"custNo\":554433,\"consumers\":[{\"lineSeqNo\":\"7\",\"dataLimit\":1024}]}}");
        @SuppressWarnings("unchecked")
        var consumer = ((List<java.util.Map<String, Object>>) limits.params().get("consumers")).get(0);
        assertThat(consumer).containsEntry("lineSeqNo", 7).containsEntry("dataLimit", 1024);
        // an orderId (G-ID: a numeric string) sent as a number
        assertThat(accept("{\"requestId\":\"n-4\",\"flow\":\"nbn.withdraw\",\"params\":{\"orderId\":700123}}").params())
                .containsEntry("orderId", "700123");
    }

    @Test
    void fractionsNegativesOverflowExponentsAndOtherDigitsStayRefusedWithTheirReason() {
        for (String bad : List.of("\"554433.5\"", "\"-1\"", "\"1e5\"", "\"\uff15\uff15\uff14\uff14\uff13\uff13\"", "\" 554433\"", "\"\"", "\"0x10\"", "\"+5\"")) {
            var e = reject(esim(bad, "23371"));
            assertThat(e.getReasons()).as(bad).anyMatch(r -> r.startsWith("/params/custNo: must be a whole number"));
            assertThat(e.getReasons()).as(bad + ": one reason per field").filteredOn(r -> r.contains("custNo")).hasSize(1);
        }
        for (String bad : List.of("1e5", "554433.0", "554433.5")) {
            assertThat(reject(esim(bad, "23371")).getReasons()).as(bad).anyMatch(r -> r.startsWith("/params/custNo: must be a whole number"));
        }
        assertThat(reject(esim("-1", "23371")).getReasons()).anyMatch(r -> r.contains("/params/custNo") && r.contains("minimum"));
        assertThat(reject(esim("\"2147483648\"", "23371")).getReasons()).anyMatch(r -> r.contains("/params/custNo") && r.contains("maximum"));
        assertThat(reject(esim("554433", "\"99999999999999999999\"")).getReasons()).anyMatch(r -> r.contains("/params/planNo") && r.contains("maximum"));
        String spend = "{\"requestId\":\"n-5\",\"flow\":\"mobile.change.excess-spend\",\"params\":{\"custNo\":1,\"lineSeqNo\":1,\"spendCode\":%s}}";
        assertThat(reject(spend.formatted("-80620")).getReasons()).anyMatch(r -> r.startsWith("/params/spendCode: must be a code"));
        assertThat(reject(spend.formatted("806.2")).getReasons()).anyMatch(r -> r.startsWith("/params/spendCode: must be a code"));
        // msn keeps its leading zero: only ever a string
        String reset = "{\"requestId\":\"n-6\",\"flow\":\"mobile.esim.reset\",\"params\":{\"custNo\":1,\"msn\":412000000,\"isQRcode\":false}}";
        assertThat(reject(reset).getReasons()).anyMatch(r -> r.contains("/params/msn: integer found, string expected"));
    }

    @Test
    void everyDigitFieldIsMarkedInTheSchemasWithTheTypeTheGatewaySends() throws Exception {
        java.util.Map<String, String> types = new java.util.TreeMap<>();
        for (String flow : Flows.AVAILABLE) {
            var schema = new com.fasterxml.jackson.databind.ObjectMapper().readTree(IntakeValidator.class.getResourceAsStream("/schemas/" + flow + ".json"));
            DigitCodes.markedFields(schema).forEach((path, type) -> types.merge(path.substring(path.lastIndexOf('/') + 1), type,
                    (a, b) -> a.equals(b) ? a : a + "|" + b));
        }
        assertThat(types).containsEntry("custNo", "integer").containsEntry("planNo", "integer").containsEntry("lineSeqNo", "integer")
                .containsEntry("seqNo", "integer").containsEntry("accessLevel", "integer").containsEntry("spendCode", "string")
                .containsEntry("cycleNo", "string").containsEntry("onceOffBoltonCode", "string").containsEntry("orderId", "string")
                .doesNotContainKeys("msn", "simNo", "csn", "serviceNumbers");
        assertThat(types.values()).as("one type per field across all flows").allMatch(t -> !t.contains("|"));
    }

    @Test
    void requestIdsWithoutALetterOrDigitAreRefused() {
        for (String id : List.of(".", "..", "-", "_:", "...")) {
            var e = reject("{\"requestId\":\"" + id + "\",\"flow\":\"mobile.activate.new-msn.esim\",\"params\":{\"custNo\":1,\"planNo\":2,\"isQRcode\":true}}");
            assertThat(e.getReasons()).as(id).containsExactly("requestId must be " + IntakeValidator.REQUEST_ID_RULE);
        }
        for (String id : List.of("a", "1", "..a", "x.y:z-1_2")) {
            assertThat(accept("{\"requestId\":\"" + id + "\",\"flow\":\"mobile.activate.new-msn.esim\",\"params\":{\"custNo\":1,\"planNo\":2,\"isQRcode\":true}}")
                    .requestId()).isEqualTo(id);
        }
    }

    @Test
    void anUnknownPropertyIsReportedByPlaceNeverByItsName() {
        var e = reject("{\"requestId\":\"u-1\",\"flow\":\"mobile.activate.new-msn.esim\",\"params\":{\"custNo\":1,\"planNo\":2,\"isQRcode\":true,"
                + "\"john.smith@example.com\":\"Secret Person\",\"other\":1},\"zq.private@example.com\":2}");
        String all = String.join("\n", e.getReasons());
        assertThat(all).doesNotContain("john.smith").doesNotContain("zq.private").doesNotContain("Secret").doesNotContain("other");
        assertThat(all).contains("/params: 2 properties not allowed here; allowed: custNo, customer, planNo, isQRcode")
                .contains("the request: a property not allowed here; allowed: requestId, flow, params");
        var c = reject("{\"requestId\":\"p-1\",\"john.smith@example.com\":1,\"continue\":{\"mary.jones@example.com\":\"123456\"}}");
        assertThat(String.join("\n", c.getReasons())).doesNotContain("john.smith").doesNotContain("mary.jones")
                .contains("it has 1 other property").contains("an input no flow waits for");
    }

    @Test
    void aFloodOfItemsIsRefusedBeforeSchemaValidation() {
        IntakeValidator big = new IntakeValidator(262144);
        String consumers = String.join(",", java.util.Collections.nCopies(87_000, "{}"));
        byte[] body = ("{\"requestId\":\"f-1\",\"flow\":\"mobile.datapool.set-limit\",\"params\":{\"custNo\":1,\"consumers\":[" + consumers + "]}}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(body.length).isLessThan(262144);
        long t0 = System.nanoTime();
        var e = catchThrowableOfType(InvalidRequestException.class, () -> big.validate(body));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(e.getReasons()).containsExactly("request has more than 2000 JSON values; no flow takes that many (at most 100 items per list)");
        System.out.println("REASON-FLOOD: 87000 empty consumers, " + body.length + " bytes, refused in " + millis + " ms with "
                + e.getMessage().length() + " characters of reasons");
        assertThat(millis).isLessThan(2_000);
    }

    @Test
    void manyBadItemsWithinTheValueBoundGiveBoundedReasonsMostGeneralFirst() {
        String consumers = String.join(",", java.util.Collections.nCopies(600, "{}"));
        var e = reject("{\"requestId\":\"f-2\",\"flow\":\"mobile.datapool.set-limit\",\"params\":{\"custNo\":1,\"consumers\":[" + consumers + "]}}");
        assertThat(e.getReasons()).hasSize(Reasons.MAX_REASONS + 1);
        assertThat(e.getReasons()).allMatch(r -> r.length() <= Reasons.MAX_CHARS);
        assertThat(e.getReasons().get(0)).isEqualTo("/params/consumers: must have at most 100 items but found 600");
        assertThat(e.getReasons().get(1)).isEqualTo("/params/consumers/0: required property 'dataLimit' not found");
        assertThat(e.getReasons().get(3)).startsWith("/params/consumers/1:");
        assertThat(e.getReasons().get(Reasons.MAX_REASONS)).isEqualTo("... and 1181 more reasons (fix these first)");
        assertThat(String.join("; ", e.getReasons())).isEqualTo(e.getMessage());
        assertThat(e.getMessage().length()).isLessThan(Reasons.MAX_REASONS * Reasons.MAX_CHARS + 100);
    }

    @Test
    void aRealisticLargestRequestIsWithinTheValueBound() {
        StringBuilder consumers = new StringBuilder();
        for (int i = 1; i <= 100; i++) {
            consumers.append(i > 1 ? "," : "").append("{\"lineSeqNo\":").append(i).append(",\"dataLimit\":1073741824}");
        }
        var ok = accept("{\"requestId\":\"f-3\",\"flow\":\"mobile.datapool.set-limit\",\"params\":{\"custNo\":1,\"consumers\":[" + consumers + "]}}");
        assertThat(ok.params()).containsKey("consumers");
    }
}
