package io.octaneroutes.gateway;

import static io.octaneroutes.gateway.AnswerFacts.facts;

import au.com.utilibill.ws.frontend.connectyou.AvailableNumbersRequest;
import au.com.utilibill.ws.frontend.connectyou.NumberReservationRequest;
import au.com.utilibill.ws.frontend.connectyou.SipTrunkQueryRequest;
import au.com.utilibill.ws.frontend.connectyou.UtbConnectYou;
import au.com.utilibill.ws.frontend.order.OrderCreateBulkRequest;
import au.com.utilibill.ws.frontend.order.OrderCreateRequest;
import au.com.utilibill.ws.frontend.order.OrderQueryRequest;
import au.com.utilibill.ws.frontend.order.OrderResetRequest;
import au.com.utilibill.ws.frontend.order.UtbOrder;
import au.com.utilibill.ws.frontend.otp.ManageOtpRequest;
import au.com.utilibill.ws.frontend.otp.UtbOTP;
import au.com.utilibill.ws.frontend.plan.Group;
import au.com.utilibill.ws.frontend.plan.UtbPlan;
import au.com.utilibill.ws.frontend.pr.QueryPooledResourcesRequest;
import au.com.utilibill.ws.frontend.pr.ReservePooledResourcesRequest;
import au.com.utilibill.ws.frontend.pr.SelectPooledResourceRequest;
import au.com.utilibill.ws.frontend.pr.UnreservePooledResourcesRequest;
import au.com.utilibill.ws.frontend.pr.UtbPooledResource;
import au.com.utilibill.ws.frontend.service.v3.ServiceDetail;
import au.com.utilibill.ws.frontend.service.v3.UtbServiceV3;

/**
 * The Octane SOAP web methods the gateway calls, with the service (WSDL) that serves each, the
 * generated payload class, whether the call creates something on Octane's side (such a call is
 * never re-sent after an uncertain outcome: G-IDEMP), and the facts of its answer. Paths are
 * relative to the {@code return} element, in the field names of the generated classes (see
 * JaxbJson: {@code Instances} is {@code instances}).
 */
public enum SoapOperation implements OctaneOperation {
    // G-SIM: return{pooledResources[]{resourceType, resourceValue, internalStatus, providerStatus}}
    queryResources(Service.UtbPooledResource, QueryPooledResourcesRequest.class, false,
            facts().readOnly().gaps("G-SIM")),
    // reserveResources creates a reservation, but a repeated one only holds a spare MSN until
    // Octane returns it to AVAILABLE after 24 h (R3), at no cost. Our decision on G-IDEMP: an
    // answer lost after sending is re-sent, so the customer's activation goes on. Measured
    // alternative (parking such requests, as for orderCreate): 14 of 50 requests parked over
    // 4 crash kills, against 0-5 spare reservations when re-sent.
    // reservedPooledResources is "a single object when one" (soap-api.md section 4): a list of one here
    reserveResources(Service.UtbPooledResource, ReservePooledResourcesRequest.class, false,
            facts().id("msn", "reservedPooledResources.resourceValue").gaps("G-RES")),
    // selecting the MSN we already selected is harmless (G-RES assumption)
    selectResource(Service.UtbPooledResource, SelectPooledResourceRequest.class, false, facts().gaps("G-RES")),
    unreserveResources(Service.UtbPooledResource, UnreservePooledResourcesRequest.class, false, facts().gaps("G-RES")),
    // return{errorCode, orderId, errorMessage} (soap-api.md 3.1); the order is then followed by Query Order (R1)
    orderCreate(Service.UtbOrder, OrderCreateRequest.class, true,
            facts().id("orderId", "orderId").tracks(TrackedKind.MOBILE)),
    // return.ordersCreateResponse.orderResponse[]{errorCode, orderId} (soap-api.md 3.3, medium confidence)
    orderCreateBulk(Service.UtbOrder, OrderCreateBulkRequest.class, true,
            facts().ids("orderIds", "ordersCreateResponse.orderResponse.orderId").orders("ordersCreateResponse.orderResponse")),
    // return{errorCode, errorMessage, orderQueryResponse{orderId, action, status, internalStatus, orderItems}} (3.4, G-STATE)
    orderQuery(Service.UtbOrder, OrderQueryRequest.class, false, facts().readOnly().gaps("G-STATE")),
    orderReset(Service.UtbOrder, OrderResetRequest.class, true, facts()),
    // getOtp sends an SMS and verifyOtp uses up an attempt, but neither creates anything that
    // lasts: a re-sent getOtp only replaces the code (G-OTP)
    manageOtp(Service.UtbOTP, ManageOtpRequest.class, false, facts().id("transactionId", "transactionId").gaps("G-OTP")),
    // return.Instances.Instance[0].serviceNumberDetail.lineSeqno (soap-api.md section 6, G-SVC)
    getServiceDetail(Service.UtbServiceV3, ServiceDetail.class, false,
            facts().id("lineSeqNo", "instances.instance.serviceNumberDetail.lineSeqno").readOnly().gaps("G-SVC")),
    // ConnectYou: assumed shapes (G-CY), see UtbConnectYou.wsdl and flow.ConnectYouRequests
    getAvailableNumbers(Service.UtbConnectYou, AvailableNumbersRequest.class, false, facts().readOnly().gaps("G-CY")),
    // a reservation that was not answered leaves numbers reserved until they expire, like MSNs (R3)
    createNumberReservation(Service.UtbConnectYou, NumberReservationRequest.class, false,
            facts().id("reservationId", "reservationId").gaps("G-CY")),
    queryBusinessSipTrunk(Service.UtbConnectYou, SipTrunkQueryRequest.class, false, facts().readOnly().gaps("G-CY")),
    // return{errorCode, groupName, groupNo, groupPlan[]{planNo, planName, usageType}}: the real fixture of soap-api.md
    // section 6; pool provider plans are listed like any other (G-POOL-PLAN). No flow calls it yet: the probe does.
    getGroupPlans(Service.UtbPlan, Group.class, false, facts().readOnly().gaps("G-POOL-PLAN"));

    /** The SOAP services (WSDLs) and their generated service endpoint interfaces. */
    public enum Service {
        UtbPooledResource(UtbPooledResource.class, "utbPooledResource"),
        UtbOrder(UtbOrder.class, "utbOrder"),
        UtbOTP(UtbOTP.class, "utbOTP"),
        UtbServiceV3(UtbServiceV3.class, "utbServiceV3"),
        UtbConnectYou(UtbConnectYou.class, "utbConnectYou"),
        UtbPlan(UtbPlan.class, "utbPlan");

        private final Class<?> sei;
        private final String beanName;

        Service(Class<?> sei, String beanName) {
            this.sei = sei;
            this.beanName = beanName;
        }

        public Class<?> sei() {
            return sei;
        }

        /** the registry name of its cxf endpoint ({@code cxf:bean:<beanName>}). */
        public String beanName() {
            return beanName;
        }

        public String loginClassName() {
            return sei.getPackageName() + ".Login";
        }

        /** The service's target namespace (soap-api.md section 2), as our WSDL declares it. */
        public String namespace() {
            return sei.getAnnotation(jakarta.jws.WebService.class).targetNamespace();
        }
    }

    private final Service service;
    private final Class<?> payload;
    private final boolean create;
    private final AnswerFacts answer;

    SoapOperation(Service service, Class<?> payload, boolean create, AnswerFacts.Builder answer) {
        this.service = service;
        this.payload = payload;
        this.create = create;
        this.answer = answer.build();
    }

    public Service service() {
        return service;
    }

    public Class<?> payload() {
        return payload;
    }

    @Override
    public boolean create() {
        return create;
    }

    @Override
    public AnswerFacts answer() {
        return answer;
    }
}
