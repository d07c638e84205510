package io.octaneroutes.probe;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.octaneroutes.gateway.OctaneOperation;
import io.octaneroutes.gateway.RestOperation;
import io.octaneroutes.gateway.SoapOperation;

/**
 * The calls the probe makes: read-only operations (their facts say {@code readOnly()}) that need
 * no data of a customer's, each with its request and, for SOAP (whose WSDLs declare everything
 * optional), the elements below {@code return} the flows read from its answer.
 */
enum ProbeCall {
    // the eSIM stock the eSIM flows query (G-ESIM-STOCK); MobileRules reads both statuses (rule R2, G-SIM)
    ESIM_STOCK(SoapOperation.queryResources, in -> Map.of("queryValue", in.esimQueryValue()),
            List.of("pooledResources/internalStatus", "pooledResources/providerStatus"), "queryValue from octane.esim.query-value"),
    // the reseller's own plans (soap-api.md section 6)
    GROUP_PLANS(SoapOperation.getGroupPlans, in -> Map.of("groupNo", in.groupNo()), List.of("groupPlan/planNo"), "the configured group"),
    // ConnectYou numbers to choose from (G-CY: the whole service is assumed); ConnectYouRequests reads numbers
    AVAILABLE_NUMBERS(SoapOperation.getAvailableNumbers, in -> Map.of("zone", in.connectYouZone(), "quantity", 1), List.of("numbers"),
            "one number of octane.probe.connectyou-zone"),
    // NBN plans (G-PLANS), as the NBN flows list them
    NBN_PLANS(RestOperation.listPlans, in -> Map.of("productSelection", "nbn"), List.of(), "productSelection nbn"),
    // the docs' example address (rest-api.md section 7), not a customer's (G-ADDR)
    ADDRESS(RestOperation.searchAddress, in -> Map.of("query", in.address()), List.of(), "octane.probe.address"),
    // the docs' example location LOC380100000995 (doc api-5037724): a check of a location, no customer, no order
    QUALIFICATION(RestOperation.serviceQualification, in -> Map.of("productSelection", "nbn", "locationId", in.locationId()), List.of(),
            "octane.probe.location-id");

    /** What the requests are made of: configuration, never a customer's data. */
    record Inputs(String esimQueryValue, String groupNo, String connectYouZone, String address, String locationId) {
    }

    final OctaneOperation op;
    private final Function<Inputs, Map<String, Object>> request;
    final List<String> reads;
    final String about;

    ProbeCall(OctaneOperation op, Function<Inputs, Map<String, Object>> request, List<String> reads, String about) {
        this.op = op;
        this.request = request;
        this.reads = reads;
        this.about = about;
    }

    Map<String, Object> request(Inputs inputs) {
        return request.apply(inputs);
    }
}
