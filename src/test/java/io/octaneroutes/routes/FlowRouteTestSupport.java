package io.octaneroutes.routes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;

import io.octaneroutes.flow.ConnectYouRequests;
import io.octaneroutes.flow.MobileRules;
import io.octaneroutes.flow.NbnRequests;
import io.octaneroutes.flow.NbnRules;
import io.octaneroutes.flow.OctaneRequests;
import io.octaneroutes.flow.StepJournal;
import io.octaneroutes.gateway.OctaneAnswers;
import io.octaneroutes.gateway.OctaneBusinessException;
import io.octaneroutes.gateway.OctaneOperation;
import io.octaneroutes.gateway.OctaneUncertainException;
import io.octaneroutes.gateway.TrackedKind;
import io.octaneroutes.journal.FlowState;

/**
 * Route-level tests of the flow routes with Camel's test kit (issue 16): the flow's YAML file (and
 * the step files several flows share) loaded into a plain CamelContext, each gateway call
 * {@code direct:octane-<operation>} replaced by a mock endpoint ({@code mockEndpointsAndSkip}),
 * whose answer is Octane's as the test scripts it. The mock does what the gateway does with an
 * answer: a "no" becomes Octane's refusal, the ids the operation's facts name go into the flow's
 * state, a multi-order answer with refused orders fails as PARTIAL. The beans that build requests
 * and take the flow's decisions are the real ones; the three that touch the journal (following an
 * order, waiting for a person's input, reconciling a lost create) are scripted per test.
 */
abstract class FlowRouteTestSupport extends CamelTestSupport {
    static final ObjectMapper JSON = new ObjectMapper();

    /** One gateway call the flow made: its operation, the journal step it was made in, and the request body. */
    record Call(String operation, String step, Map<String, Object> body) {
    }

    final List<Call> calls = new ArrayList<>();
    /** answers per operation, used in turn; the last one stays. */
    private final Map<String, Deque<Function<Map<String, Object>, Map<String, Object>>>> answers = new HashMap<>();
    final Orders orders = new Orders();
    final Inputs inputs = new Inputs();
    final Reconcile reconciler = new Reconcile();

    /** The route files under test (routes/...). */
    abstract List<String> routeFiles();

    @Override
    public boolean isUseAdviceWith() {
        return true;
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("octaneRequests", new OctaneRequests("WME_ESIM"));
        registry.bind("mobileRules", new MobileRules());
        registry.bind("nbnRequests", new NbnRequests());
        registry.bind("nbnRules", new NbnRules());
        registry.bind("connectYouRequests", new ConnectYouRequests());
        registry.bind("orderAwait", orders);
        registry.bind("awaitInput", inputs);
        registry.bind("reconciler", reconciler);
    }

    @Override
    protected void doPostSetup() throws Exception {
        for (String file : routeFiles()) {
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:routes/" + file));
        }
        for (var route : List.copyOf(context.getRouteDefinitions())) {
            AdviceWith.adviceWith(context, route.getRouteId(), a -> a.mockEndpointsAndSkip("direct:octane-*"));
        }
        context.start();
        for (var endpoint : context.getEndpoints()) {
            if (endpoint instanceof MockEndpoint mock && mock.getEndpointUri().startsWith("mock://direct:octane-")) {
                String operation = mock.getEndpointUri().substring("mock://direct:octane-".length());
                mock.whenAnyExchangeReceived(e -> answer(operation, e));
            }
        }
    }

    // ------------------------------------------------------------ scripting Octane

    /** From now on Octane answers {@code operation} with this, every time (what was scripted before is dropped). */
    void answer(String operation, Map<String, Object> answer) {
        answerWith(operation, request -> answer);
    }

    /** From now on Octane answers {@code operation} with what {@code answer} makes of the request (or throws). */
    void answerWith(String operation, Function<Map<String, Object>, Map<String, Object>> answer) {
        Deque<Function<Map<String, Object>, Map<String, Object>>> queue = new ArrayDeque<>();
        queue.add(answer);
        answers.put(operation, queue);
    }

    /** After the answers scripted so far (each used once), Octane answers {@code operation} with this, every time. */
    void thenAnswer(String operation, Map<String, Object> answer) {
        answers.computeIfAbsent(operation, k -> new ArrayDeque<>()).addLast(request -> answer);
    }

    /** What the gateway does around one call, with the scripted answer. */
    @SuppressWarnings("unchecked")
    private void answer(String operation, Exchange exchange) {
        FlowState state = StepJournal.state(exchange);
        Map<String, Object> request = exchange.getIn().getBody(Map.class);
        calls.add(new Call(operation, exchange.getProperty(Exchange.STEP_ID, String.class),
                request == null ? Map.of() : JSON.convertValue(request, Map.class)));
        Deque<Function<Map<String, Object>, Map<String, Object>>> queue = answers.get(operation);
        if (queue == null || queue.isEmpty()) {
            throw new AssertionError("the flow called " + operation + ", which the test gave no answer for");
        }
        Function<Map<String, Object>, Map<String, Object>> next = queue.size() > 1 ? queue.removeFirst() : queue.peekFirst();
        Map<String, Object> answer = next.apply(request);
        OctaneOperation op = OctaneOperation.byName(operation).orElseThrow();
        OctaneBusinessException refusal = OctaneAnswers.refusal(op, answer);
        if (refusal != null && !op.answer().branching()) {
            throw refusal;
        }
        state.getIds().putAll(OctaneAnswers.ids(op, answer));
        state.getResults().put(exchange.getProperty(Exchange.STEP_ID, String.class) == null ? operation
                : exchange.getProperty(Exchange.STEP_ID, String.class), answer);
        exchange.getIn().setBody(answer);
        String refused = OctaneAnswers.refusedOrders(op, answer);
        if (refused != null) {
            throw new OctaneBusinessException(operation, "PARTIAL", refused);
        }
    }

    // ------------------------------------------------------------ running a flow

    /** The outcome of one run of the flow route: completed (ran to its end), stopped (waits), or the exception it ended with. */
    record Run(FlowState state, boolean completed, Exception failure) {
    }

    Run run(String flow, Map<String, Object> params) {
        return run(flow, params, Map.of());
    }

    /** Runs {@code direct:<flow>} once, as dispatch does, on a state with these params (and inputs a continuation brought). */
    Run run(String flow, Map<String, Object> params, Map<String, Object> input) {
        FlowState state = new FlowState();
        state.setRequestId("route-test-1");
        state.setFlow(flow);
        state.setParams(new LinkedHashMap<>(params));
        if (!input.isEmpty()) {
            state.getResults().put("input", new LinkedHashMap<>(input));
        }
        return run(state);
    }

    /** Runs the flow again on a state it left (a replay: the steps it holds are not called again by the gateway). */
    Run run(FlowState state) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setVariable(StepJournal.STATE, state);
        exchange.setVariable("flowId", state.getFlow());
        exchange.setVariable("params", state.getParams());
        template.send("direct:" + state.getFlow(), exchange);
        return new Run(state, exchange.getException() == null && !exchange.isRouteStop(), exchange.getException());
    }

    List<String> operations() {
        return calls.stream().map(Call::operation).toList();
    }

    Call call(String operation) {
        return calls.stream().filter(c -> c.operation().equals(operation)).findFirst()
                .orElseThrow(() -> new AssertionError("no call of " + operation + " in " + operations()));
    }

    // ------------------------------------------------------------ the scripted journal beans

    /** Following an order (OrderAwait): done with a scripted answer, still pending, or failed, as the test says. */
    static final class Orders {
        final List<String> tracked = new ArrayList<>();
        Map<String, Object> doneAnswer;
        String rejected;

        public void check(Exchange exchange) {
            await(exchange, TrackedKind.MOBILE);
        }

        public void checkNbnOrder(Exchange exchange) {
            await(exchange, TrackedKind.NBN);
        }

        public void checkEnquiry(Exchange exchange) {
            await(exchange, TrackedKind.ENQUIRY);
        }

        private void await(Exchange exchange, TrackedKind kind) {
            FlowState state = StepJournal.state(exchange);
            Object id = state.getIds().get(kind.idName());
            if (id == null) {
                throw new IllegalStateException("no " + kind.idName() + " to follow");
            }
            tracked.add(kind.name() + ":" + id);
            if (rejected != null) {
                throw new OctaneBusinessException(kind.pollOperation().name(), "REJECTED", rejected);
            }
            if (doneAnswer == null) {
                exchange.setRouteStop(true); // pending: the run ends, the poller dispatches it again
                return;
            }
            state.getResults().put(StepJournal.stepName(exchange), doneAnswer);
            kind.learnt(doneAnswer).forEach((k, v) -> {
                if (!"lineSeqNo".equals(k) || !(state.getIds().containsKey(k) || state.getParams().containsKey(k))) {
                    state.getIds().put(k, v);
                }
            });
            exchange.getIn().setBody(doneAnswer);
        }
    }

    /** Waiting for a person's input (AwaitInput): continues when the run has it, otherwise stops; a refusal asks again. */
    static final class Inputs {
        final List<String> awaited = new ArrayList<>();

        public void require(Exchange exchange, String name) {
            if (StepJournal.state(exchange).input(name) == null) {
                awaited.add(name);
                exchange.setRouteStop(true);
            }
        }

        public void refused(Exchange exchange, String name, String verifyStep) {
            awaited.add(name + " refused at " + verifyStep);
            exchange.setRouteStop(true);
        }
    }

    /** Looking up a lost orderCreate (Reconciler): not applied (send again) or applied (uncertain), as the test says. */
    static final class Reconcile {
        boolean applied = true;
        int looked;

        public void orderCreateNotApplied(Exchange exchange) {
            looked++;
            if (applied) {
                throw new OctaneUncertainException("orderCreate", "MSN is ASSIGNED: Octane has the order", null);
            }
        }
    }
}
