package io.octaneroutes.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.octaneroutes.sim.AnswerShape;
import io.octaneroutes.sim.OctaneSimulator;
import io.octaneroutes.sim.SimulatorConfig;

/**
 * The gateway alone (no journal: {@link StepListener#NONE}) against the simulator, for every
 * SOAP operation and every read-only REST one: each is called with Octane's answers as the facts
 * describe them, and again with unknown elements and fields at every level, elements in reverse
 * order, qualified children, the SOAP-ENV style, a single element for a list, and the REST
 * payload in the other envelope. The answer must read the same: the same outcome and the same
 * ids. (The creates and the flows are run the same way in EveryFlowTest.)
 */
class AnswerToleranceTest {
    private static final AnswerShape MUTATED_WRAPPED = new AnswerShape(true, true, true, true, AnswerShape.Envelope.WRAPPED, true, true);
    private static final AnswerShape MUTATED_FLAT = new AnswerShape(true, true, true, true, AnswerShape.Envelope.FLAT, true, true);

    private static OctaneSimulator simulator;
    private static DefaultCamelContext context;
    private static ProducerTemplate template;

    @BeforeAll
    static void start() throws Exception {
        simulator = new OctaneSimulator(SimulatorConfig.fromProperties(k -> switch (k) {
            case "octane.simulator.port" -> "0";
            case "octane.simulator.username" -> "demo";
            case "octane.simulator.password" -> "demo-password";
            default -> null;
        }));
        simulator.start();
        seededService = simulator.state().seedService(554433, 23371, true).serviceNumber();
        context = new DefaultCamelContext();
        GatewayConfig config = new GatewayConfig(simulator.soapBaseUrl(), simulator.restBaseUrl(), "demo", "demo-password", "123",
                1, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(5), Duration.ofSeconds(5), Map.of());
        OctaneGateway.bindSoapEndpoints(context, config);
        context.addRoutes(new OctaneGateway(config, new RateBudgets(new RateBudgets.Limits("demo", simulator.soapBaseUrl(), Map.of(), Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofMinutes(2))), StepListener.NONE, new ObjectMapper()));
        context.start();
        template = context.createProducerTemplate();
    }

    @AfterAll
    static void stop() {
        context.stop();
        simulator.stop();
    }

    /** Calls whose answers differ from one call to the next (a new reservation, code or SQ id). */
    private static final Set<Call> STATEFUL = EnumSet.of(Call.RESERVE, Call.RESERVE_MANY, Call.UNRESERVE, Call.OTP, Call.ORDER_RESET_UNKNOWN,
            Call.SQ);
    /** An active service of customer 554433 (seeded), for getServiceDetail. */
    private static String seededService;

    /** The calls that make nothing lasting, with a request each; the answer's outcome and ids under the documented shape. */
    enum Call {
        QUERY_SIM(SoapOperation.queryResources, Map.of("queryValue", "8961000000000000000")),
        QUERY_ESIM_STOCK(SoapOperation.queryResources, Map.of("queryValue", "WME_ESIM")),
        RESERVE(SoapOperation.reserveResources, Map.of("resourceType", "WME_MSN", "numResources", 1)),
        RESERVE_MANY(SoapOperation.reserveResources, Map.of("resourceType", "WME_MSN", "numResources", 3)),
        UNRESERVE(SoapOperation.unreserveResources, Map.of("resourceType", "WME_MSN", "resourceValue", "0412000049")),
        ORDER_QUERY_UNKNOWN(SoapOperation.orderQuery, Map.of("orderId", "1")),
        ORDER_RESET_UNKNOWN(SoapOperation.orderReset, Map.of("orderId", "1", "retryOrder", true)),
        SERVICE_DETAIL(SoapOperation.getServiceDetail, Map.of("serviceDetails", Map.of("custno", 554433, "serviceNumber", "SEEDED"))),
        AVAILABLE_NUMBERS(SoapOperation.getAvailableNumbers, Map.of("zone", "NSW", "quantity", 2)),
        SIP_TRUNK(SoapOperation.queryBusinessSipTrunk, Map.of("custNo", 554433, "lineSeqNo", 1)),
        OTP(SoapOperation.manageOtp, Map.of("requestType", "getOtp", "getOtp", Map.of("custNo", 554433, "destination", "0499000001",
                "destinationCategory", "Phone (Bh)", "destinationType", "Primary Account Holder", "method", "SMS", "operationType", "Port", "reason", "R8"))),
        ADDRESS(RestOperation.searchAddress, Map.of("query", "33 RENOIR Road")),
        SQ(RestOperation.serviceQualification, Map.of("productSelection", "nbn", "locationId", "LOC380100000995")),
        PLANS(RestOperation.listPlans, Map.of("productSelection", "nbn")),
        DIAGNOSTICS(RestOperation.getDiagnosticTests, Map.of("custNo", 554433, "lineSeqNo", 1)),
        ESIM_DETAILS(RestOperation.getEsimDetails, Map.of("requestType", "SIM Details", "msn", "0400000000")),
        POOL(RestOperation.getDataPool, Map.of("custno", 554433, "lineseqno", 1)),
        GROUP_PLANS(SoapOperation.getGroupPlans, Map.of("groupNo", 123));

        final OctaneOperation op;
        final Map<String, Object> request;

        Call(OctaneOperation op, Map<String, Object> request) {
            this.op = op;
            this.request = request;
        }
    }

    @ParameterizedTest
    @EnumSource(Call.class)
    void readsTheSameWhateverTheShape(Call call) throws Exception {
        Map<String, Object> documented = read(call, AnswerShape.AS_DOCUMENTED);
        assertThat(documented.get("outcome")).as(call.name()).asString().doesNotStartWith("exception");
        for (AnswerShape shape : List.of(MUTATED_WRAPPED, MUTATED_FLAT)) {
            Map<String, Object> mutated = read(call, shape);
            if (STATEFUL.contains(call)) {
                // each call reserves (or sends) anew: the same outcome, the same ids and as many values, not the same numbers
                assertThat(mutated.get("outcome")).as("%s under %s", call, shape).isEqualTo(documented.get("outcome"));
                assertThat(((Map<?, ?>) mutated.get("ids")).keySet()).isEqualTo(((Map<?, ?>) documented.get("ids")).keySet());
                assertThat((List<?>) mutated.get("values")).hasSameSizeAs((List<?>) documented.get("values"));
            } else {
                assertThat(mutated).as("%s under %s", call, shape).isEqualTo(documented);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Call.class, names = {"RESERVE_MANY", "QUERY_SIM", "SQ", "PLANS", "ADDRESS", "SERVICE_DETAIL", "AVAILABLE_NUMBERS", "GROUP_PLANS"})
    void aListStaysAListAndItsValuesAreRead(Call call) throws Exception {
        Map<String, Object> read = read(call, MUTATED_WRAPPED);
        assertThat(read.get("outcome")).isEqualTo("ok");
        assertThat((List<?>) read.get("values")).as(call.name()).isNotEmpty();
    }

    @Test
    void everySoapOperationIsCovered() {
        Set<SoapOperation> covered = EnumSet.noneOf(SoapOperation.class);
        for (Call c : Call.values()) {
            if (c.op instanceof SoapOperation s) {
                covered.add(s);
            }
        }
        // the creates are run through the flows in EveryFlowTest: orderCreate, orderCreateBulk, selectResource, createNumberReservation
        covered.addAll(List.of(SoapOperation.orderCreate, SoapOperation.orderCreateBulk, SoapOperation.selectResource,
                SoapOperation.createNumberReservation));
        assertThat(covered).containsExactlyInAnyOrder(SoapOperation.values());
    }

    /** The call's outcome, its ids, and a few values read by path: what the flows would see. */
    private Map<String, Object> read(Call call, AnswerShape shape) {
        simulator.setShape(shape);
        try {
            Exchange exchange = new DefaultExchange(context);
            exchange.setVariable(OctaneGateway.REQUEST, call == Call.SERVICE_DETAIL
                    ? Map.of("serviceDetails", Map.of("custno", 554433, "serviceNumber", seededService)) : call.request);
            template.send(call.op.callUri(), exchange);
            Map<String, Object> summary = new LinkedHashMap<>();
            if (exchange.getException() != null) {
                summary.put("outcome", "exception " + exchange.getException().getClass().getSimpleName() + ": " + exchange.getException().getMessage());
                return summary;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> answer = exchange.getIn().getBody(Map.class);
            OctaneBusinessException refusal = OctaneAnswers.refusal(call.op, answer);
            summary.put("outcome", refusal == null ? "ok" : "refused " + refusal.getErrorCode());
            summary.put("ids", OctaneAnswers.ids(call.op, answer));
            summary.put("values", values(call, answer));
            return summary;
        } finally {
            simulator.setShape(AnswerShape.AS_DOCUMENTED);
        }
    }

    /** Values the flows read from these answers (rules R2, SQ, plans, address, numbers, ...). */
    private static List<Object> values(Call call, Map<String, Object> answer) {
        Object payload = OctaneAnswers.payload(answer);
        List<Object> values = new ArrayList<>();
        for (String path : switch (call) {
            case QUERY_SIM, QUERY_ESIM_STOCK -> List.of("pooledResources.internalStatus", "pooledResources.providerStatus");
            case RESERVE, RESERVE_MANY -> List.of("reservedPooledResources.resourceValue");
            case SERVICE_DETAIL -> List.of("instances.instance.serviceNumberDetail.lineSeqno", "instances.instance.serviceNumberDetail.serviceNumber");
            case AVAILABLE_NUMBERS -> List.of("numbers");
            case SIP_TRUNK -> List.of("numbers.number", "numbers.status");
            case ADDRESS -> List.of("locationId");
            case SQ -> List.of("location.serviceClass", "product.productResult", "infrastructures.ntdPort.status", "qualificationSearchId");
            case PLANS -> List.of("planNo");
            case DIAGNOSTICS -> List.of("testName");
            case ESIM_DETAILS -> List.of("profileState");
            case POOL -> List.of("provider.memberId", "consumers.serviceNumber");
            case GROUP_PLANS -> List.of("groupPlan.planNo", "groupNo");
            default -> List.<String>of();
        }) {
            values.addAll(AnswerPaths.all(payload, path));
        }
        return values;
    }
}
