package io.octaneroutes.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.xml.namespace.QName;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import io.octaneroutes.gateway.RestOperation;

/**
 * The two answer checks on hand-written answers: what each kind of difference looks like in a
 * raw SOAP answer (against our WSDL) and in a REST answer (against the documented JSON Schema),
 * and that no value ever reaches a finding.
 */
class AnswerChecksTest {
    private static final String PLAN = "http://plan.frontend.ws.utilibill.com.au/";
    private final List<Finding> found = new ArrayList<>();

    private List<Finding> soap(String returnXml, String wrapper) throws Exception {
        WsdlModel ours = WsdlModel.load(new Documents(Duration.ofSeconds(1), Duration.ofSeconds(1)), "classpath:wsdl/UtbPlan.wsdl");
        ElementNode declared = ours.element(new QName(PLAN, "getGroupPlansResponse"));
        String raw = "<S:Envelope xmlns:S=\"http://schemas.xmlsoap.org/soap/envelope/\"><S:Body><ns2:" + wrapper + " xmlns:ns2=\"" + PLAN + "\">"
                + returnXml + "</ns2:" + wrapper + "></S:Body></S:Envelope>";
        new SoapAnswerCheck("getGroupPlans answer", List.of("G-WSDL"), found::add)
                .check(raw.getBytes(StandardCharsets.UTF_8), declared, List.of("groupPlan/planNo"), false);
        return found;
    }

    private static boolean has(List<Finding> findings, Finding.Kind kind, String path) {
        return findings.stream().anyMatch(f -> f.kind() == kind && f.path().equals(path));
    }

    @Test
    void everyProbeCallIsReadOnlyAndReadsWhatOurWsdlDeclares() throws Exception {
        Documents documents = new Documents(Duration.ofSeconds(1), Duration.ofSeconds(1));
        for (ProbeCall call : ProbeCall.values()) {
            assertThat(call.op.answer().readOnly()).as(call.name()).isTrue();
            if (call.op instanceof io.octaneroutes.gateway.SoapOperation soap) {
                WsdlModel ours = WsdlModel.load(documents, "classpath:wsdl/" + soap.service().name() + ".wsdl");
                ElementNode ret = ours.element(ours.operations().get(soap.name()).output()).child("return");
                for (String read : call.reads) {
                    ElementNode at = ret;
                    for (String name : read.split("/")) {
                        at = at == null ? null : at.child(name);
                    }
                    assertThat(at).as(call + " reads " + read + ", which our WSDL must declare").isNotNull();
                }
            }
        }
    }

    @Test
    void theRealFixtureFitsOurUtbPlanWsdl() throws Exception {
        // soap-api.md section 6, the fixture as captured (two plans)
        assertThat(soap("<return><errorCode>0</errorCode><groupName>Group</groupName><groupNo>744</groupNo>"
                + "<groupPlan><planNo>11134713</planNo><planName>100GB DATA ONLY MANUAL</planName><usageType>MB</usageType></groupPlan>"
                + "<groupPlan><planNo>11134714</planNo><planName>Other</planName><usageType>MB</usageType></groupPlan></return>",
                "getGroupPlansResponse")).isEmpty();
    }

    @Test
    void namesEachKindInARawSoapAnswerWithoutItsValues() throws Exception {
        List<Finding> f = soap("<return><errorCode>zero</errorCode><groupNo>744</groupNo><groupNo>745</groupNo><groupName><first>G</first></groupName>"
                + "<groupPlan>11134713</groupPlan><rateCard>x</rateCard></return>", "getGroupPlansResponse");
        assertThat(has(f, Finding.Kind.TYPED, "return/errorCode")).as(f.toString()).isTrue();      // not an xs:int
        assertThat(has(f, Finding.Kind.LIST, "return/groupNo")).isTrue();                          // two where one is declared
        assertThat(has(f, Finding.Kind.TYPED, "return/groupName")).isTrue();                       // children where a value is declared
        assertThat(has(f, Finding.Kind.TYPED, "return/groupPlan")).isTrue();                       // text where a complex type is declared
        assertThat(has(f, Finding.Kind.UNKNOWN, "return/rateCard")).isTrue();
        assertThat(has(f, Finding.Kind.MISSING, "return/groupPlan/planNo")).isTrue();              // read by us, not there
        assertThat(has(f, Finding.Kind.ORDER, "return")).isTrue();                                 // groupName after groupNo
        assertThat(f.toString()).doesNotContain("zero").doesNotContain("11134713").doesNotContain("744");
    }

    @Test
    void anotherAnswerElementIsNamed() throws Exception {
        assertThat(soap("<return/>", "getPlansResponse")).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(Finding.Kind.TYPED);
            assertThat(x.detail()).contains("getPlansResponse").contains("getGroupPlansResponse");
        });
    }

    @Test
    void namesEachKindInARestAnswerWithoutItsValues() throws Exception {
        ObjectMapper json = new ObjectMapper();
        RestAnswerCheck check = new RestAnswerCheck(json, found::add);
        // G-PLANS: [{planNo, planName, speed, price}]; planNo an integer
        check.check("listPlans answer", RestOperation.listPlans, json.readTree(
                "[{\"planNo\":\"30001\",\"planName\":\"NBN 50/20\",\"price\":79.0,\"tier\":\"gold\"}]"), false, List.of("G-PLANS"));
        assertThat(has(found, Finding.Kind.TYPED, "[].planNo")).as(found.toString()).isTrue();
        assertThat(has(found, Finding.Kind.MISSING, "[].speed")).isTrue();
        assertThat(has(found, Finding.Kind.UNKNOWN, "[].tier")).isTrue();
        found.clear();
        // the SQ's location as a list, its response wrapped as documented
        check.check("serviceQualification answer", RestOperation.serviceQualification, json.readTree(
                "{\"errorCode\":0,\"errorMessage\":\"\",\"success\":true,\"response\":{\"remoteOrderId\":\"a\",\"qualificationSearchId\":\"b\","
                        + "\"remoteQualificationSearchId\":\"c\",\"location\":[{\"serviceClass\":\"3\"}]}}"), false, List.of());
        assertThat(found).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(Finding.Kind.LIST);
            assertThat(x.path()).isEqualTo("response.location");
        });
        found.clear();
        // a refusal is checked against _refusal.json
        check.check("listPlans answer", RestOperation.listPlans, json.readTree("{\"success\":false,\"errorCode\":\"ten\"}"), true, List.of());
        assertThat(has(found, Finding.Kind.MISSING, "errorMessage")).as(found.toString()).isTrue();
        assertThat(has(found, Finding.Kind.TYPED, "errorCode")).isTrue();
        assertThat(found.toString()).doesNotContain("30001").doesNotContain("gold").doesNotContain("ten\"");
    }
}
