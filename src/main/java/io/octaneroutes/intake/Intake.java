package io.octaneroutes.intake;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.Exchange;

import io.octaneroutes.events.Events;
import io.octaneroutes.intake.IntakeValidator.IntakeRequest;
import io.octaneroutes.journal.Journal;
import io.octaneroutes.journal.Journal.RequestRecord;
import io.octaneroutes.journal.Journal.StepRecord;

/**
 * What every intake path (file drop, JMS, HTTP) does with one document: validate it, journal
 * it (the journal row is the acknowledgement: nothing is acked before it is written), report
 * it as accepted and queue its run. A requestId seen before is answered with its status and
 * runs nothing.
 */
public class Intake {
    public static final String INTAKE_HEADER = "OctaneIntake";

    private final IntakeValidator validator;
    private final Journal journal;
    private final Events events;
    /** the client requests from the file drop and the JMS queue belong to (null: to operators only). */
    private final java.util.Map<String, String> pathClients;

    public Intake(IntakeValidator validator, Journal journal, Events events) {
        this(validator, journal, events, java.util.Map.of());
    }

    /** @param pathClients by intake path ("file", "jms"): the client whose requests arriving that way are ({@code intake.file.client}, {@code intake.jms.client}) */
    public Intake(IntakeValidator validator, Journal journal, Events events, java.util.Map<String, String> pathClients) {
        this.validator = validator;
        this.journal = journal;
        this.events = events;
        this.pathClients = pathClients;
    }

    /** The client a request arriving here belongs to: the HTTP caller, or the intake path's configured client. */
    private String client(Exchange exchange, String intake) {
        HttpAuth.Caller caller = exchange.getVariable(HttpAuth.CALLER, HttpAuth.Caller.class);
        return caller != null ? caller.name() : pathClients.get(intake);
    }

    /** A known request seen by this caller: another client's request is not its to see or to continue. */
    private static void owned(Exchange exchange, RequestRecord record) {
        HttpAuth.Caller caller = exchange.getVariable(HttpAuth.CALLER, HttpAuth.Caller.class);
        if (caller != null && !caller.mayRead(record.client())) {
            throw new RequestIdTakenException();
        }
    }

    /**
     * Variable naming the request the intake route hands to the flows (the work queue); unset
     * when there is nothing to run (a known request that is finished or already running).
     */
    public static final String RUN_REQUEST = "runRequest";

    /**
     * Accepts the body; leaves a small JSON-ready answer in the body and sets variables
     * {@code duplicate} and {@link #RUN_REQUEST}. The route then queues the run: the journal row
     * is written first, so a crash before the queue send loses nothing (the input comes again,
     * or the sweep re-queues it).
     */
    public void accept(Exchange exchange) {
        byte[] raw = exchange.getIn().getBody(byte[].class);
        String intake = exchange.getIn().getHeader(INTAKE_HEADER, "unknown", String.class);
        IntakeRequest request = validator.validate(raw);
        if (request.isContinuation()) {
            continueRequest(exchange, request, intake);
            return;
        }
        // the accepted event's record commits with the request's row (one transaction, issue 15)
        Events.Prepared accepted = events.prepare("accepted", request.requestId(), request.flow(), null, Map.of(), Map.of("intake", intake));
        Optional<RequestRecord> existing = journal.accept(request.requestId(), request.flow(), request.params(), intake,
                client(exchange, intake), c -> events.record(c, accepted));
        if (existing.isPresent()) {
            owned(exchange, existing.get());
            exchange.setVariable("duplicate", true);
            Map<String, Object> answer = status(existing.get());
            answer.put("duplicate", true);
            // file and JMS submitters have no answer channel: the event tells them it was a repeat
            events.emit("duplicate", existing.get().requestId(), existing.get().flow(), null, Map.of(),
                    Map.of("intake", intake, "status", existing.get().status()));
            if (Journal.ACCEPTED.equals(existing.get().status())) {
                // journaled, maybe never queued (a crash between the two): queued again; a second
                // run of one request is never made (FlowRunner's lease)
                exchange.setVariable(RUN_REQUEST, existing.get().requestId());
            }
            exchange.getIn().setBody(answer);
            return;
        }
        exchange.setVariable("duplicate", false);
        events.publish(accepted);
        exchange.setVariable(RUN_REQUEST, request.requestId());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("requestId", request.requestId());
        answer.put("flow", request.flow());
        answer.put("status", Journal.ACCEPTED);
        exchange.getIn().setBody(answer);
    }

    /** A continuation: journals its inputs and runs the waiting request again; rejected unless it is waiting. */
    private void continueRequest(Exchange exchange, IntakeRequest request, String intake) {
        RequestRecord record = journal.find(request.requestId()).orElseThrow(() -> new InvalidRequestException(List.of(
                "requestId " + request.requestId() + " is unknown: a continuation answers a request that is waiting for input")));
        owned(exchange, record);
        if (!journal.continueWith(request.requestId(), request.inputs())) {
            String status = journal.find(request.requestId()).map(RequestRecord::status).orElse(record.status());
            throw new InvalidRequestException(List.of("request " + request.requestId() + " is not waiting for input (status "
                    + status + "); nothing was changed"));
        }
        exchange.setVariable("duplicate", false);
        events.emit("continued", record.requestId(), record.flow(), null, Map.of(),
                Map.of("intake", intake, "inputs", List.copyOf(request.inputs().keySet())));
        exchange.setVariable(RUN_REQUEST, record.requestId());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("requestId", record.requestId());
        answer.put("flow", record.flow());
        answer.put("status", Journal.ACCEPTED);
        answer.put("continued", true);
        exchange.getIn().setBody(answer);
    }

    /**
     * {@code POST /api/requests/{requestId}/continue} with the inputs as the body: turned into the
     * continuation document every intake path takes.
     */
    public void acceptHttpContinuation(Exchange exchange, @org.apache.camel.Variable("requestId") String requestId) {
        if (requestId == null || !IntakeValidator.REQUEST_ID.matcher(requestId).matches()) {
            throw new InvalidRequestException(List.of("requestId in the path must be " + IntakeValidator.REQUEST_ID_RULE));
        }
        byte[] body = exchange.getIn().getBody(byte[].class);
        String inputs = body == null || body.length == 0 ? "null" : new String(body, java.nio.charset.StandardCharsets.UTF_8);
        exchange.getIn().setBody(("{\"requestId\":\"" + requestId + "\",\"continue\":" + inputs + "\n}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        accept(exchange);
    }

    /** An operator action's refusal as the HTTP body: {"status": "REFUSED", "errors": [reason]}. */
    public Map<String, Object> refusalBody(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        return Map.of("status", "REFUSED", "errors", List.of(e == null || e.getMessage() == null ? "refused" : e.getMessage()));
    }

    /** The reasons of a rejected document, as text (for .reason files and JMS headers). */
    public String reasonText(Exchange exchange) {
        return String.join("\n", reasons(exchange)) + "\n";
    }

    /** The reasons of a rejected document on one line, for the log: bounded like every reason. */
    public String reasonLine(Exchange exchange) {
        return String.join("; ", reasons(exchange));
    }

    /** The reasons of a rejected document, as the HTTP 400 body. */
    public Map<String, Object> reasonBody(Exchange exchange) {
        return Map.of("status", "REJECTED", "errors", reasons(exchange));
    }

    private static List<String> reasons(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (e instanceof InvalidRequestException invalid) {
            return invalid.getReasons();
        }
        // not the sender's fault, or not one we foresaw: the kind of failure, never its message (it may quote the input)
        return List.of("request could not be accepted: " + (e == null ? "unknown error" : e.getClass().getSimpleName())
                + "; it was not journaled, send it again once the cause is fixed");
    }

    /** The status API's view of a request: status, steps done and Octane ids. No params (personal data) and no secrets. */
    public Map<String, Object> statusOf(@org.apache.camel.Variable("requestId") String requestId,
                                        @org.apache.camel.Variable(HttpAuth.CALLER) HttpAuth.Caller caller) {
        if (requestId == null || !IntakeValidator.REQUEST_ID.matcher(requestId).matches()) {
            return null;
        }
        // another client's request is answered as unknown: its existence is not this client's business
        return journal.find(requestId).filter(r -> caller != null && caller.mayRead(r.client())).map(this::status).orElse(null);
    }

    private Map<String, Object> status(RequestRecord r) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("requestId", r.requestId());
        view.put("flow", r.flow());
        view.put("status", r.status());
        view.put("stepsDone", journal.steps(r.requestId()).stream()
                .filter(s -> Journal.STEP_DONE.equals(s.status()) && !Journal.INPUT_STEP.equals(s.step())).map(StepRecord::step).toList());
        Object ids = r.state().get("ids");
        view.put("ids", ids == null ? Map.of() : ids);
        if (r.errorCode() != null || r.errorMessage() != null) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("errorCode", r.errorCode());
            error.put("errorMessage", r.errorMessage());
            view.put("error", error);
        }
        view.put("createdAt", java.time.Instant.ofEpochMilli(r.createdAt()).toString());
        view.put("updatedAt", java.time.Instant.ofEpochMilli(r.updatedAt()).toString());
        return view;
    }
}
