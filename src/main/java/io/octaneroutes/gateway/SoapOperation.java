package io.octaneroutes.gateway;

import au.com.utilibill.ws.frontend.order.OrderCreateBulkRequest;
import au.com.utilibill.ws.frontend.order.OrderCreateRequest;
import au.com.utilibill.ws.frontend.order.OrderQueryRequest;
import au.com.utilibill.ws.frontend.order.OrderResetRequest;
import au.com.utilibill.ws.frontend.order.UtbOrder;
import au.com.utilibill.ws.frontend.pr.QueryPooledResourcesRequest;
import au.com.utilibill.ws.frontend.pr.ReservePooledResourcesRequest;
import au.com.utilibill.ws.frontend.pr.SelectPooledResourceRequest;
import au.com.utilibill.ws.frontend.pr.UnreservePooledResourcesRequest;
import au.com.utilibill.ws.frontend.pr.UtbPooledResource;
import au.com.utilibill.ws.frontend.otp.ManageOtpRequest;
import au.com.utilibill.ws.frontend.otp.UtbOTP;
import au.com.utilibill.ws.frontend.service.v3.ServiceDetail;
import au.com.utilibill.ws.frontend.service.v3.UtbServiceV3;

/**
 * The Octane SOAP web methods the gateway calls, with the service (WSDL) that serves each, the
 * generated payload class, and whether the call creates something on Octane's side (such a
 * call is never re-sent after an uncertain outcome: G-IDEMP).
 */
public enum SoapOperation {
    queryResources(Service.UtbPooledResource, QueryPooledResourcesRequest.class, false),
    // reserveResources creates a reservation, but a repeated one only holds a spare MSN until
    // Octane returns it to AVAILABLE after 24 h (R3), at no cost. Our decision on G-IDEMP: an
    // answer lost after sending is re-sent, so the customer's activation goes on. Measured
    // alternative (parking such requests, as for orderCreate): 14 of 50 requests parked over
    // 4 crash kills, against 0-5 spare reservations when re-sent.
    reserveResources(Service.UtbPooledResource, ReservePooledResourcesRequest.class, false),
    // selecting the MSN we already selected is harmless (G-RES assumption)
    selectResource(Service.UtbPooledResource, SelectPooledResourceRequest.class, false),
    unreserveResources(Service.UtbPooledResource, UnreservePooledResourcesRequest.class, false),
    orderCreate(Service.UtbOrder, OrderCreateRequest.class, true),
    orderCreateBulk(Service.UtbOrder, OrderCreateBulkRequest.class, true),
    orderQuery(Service.UtbOrder, OrderQueryRequest.class, false),
    orderReset(Service.UtbOrder, OrderResetRequest.class, true),
    // getOtp sends an SMS and verifyOtp uses up an attempt, but neither creates anything that
    // lasts: a re-sent getOtp only replaces the code (G-OTP)
    manageOtp(Service.UtbOTP, ManageOtpRequest.class, false),
    getServiceDetail(Service.UtbServiceV3, ServiceDetail.class, false),
    // ConnectYou: assumed shapes (G-CY), see UtbConnectYou.wsdl and flow.ConnectYouRequests
    getAvailableNumbers(Service.UtbConnectYou, au.com.utilibill.ws.frontend.connectyou.AvailableNumbersRequest.class, false),
    // a reservation that was not answered leaves numbers reserved until they expire, like MSNs (R3)
    createNumberReservation(Service.UtbConnectYou, au.com.utilibill.ws.frontend.connectyou.NumberReservationRequest.class, false),
    queryBusinessSipTrunk(Service.UtbConnectYou, au.com.utilibill.ws.frontend.connectyou.SipTrunkQueryRequest.class, false);

    /** The SOAP services (WSDLs) and their generated service endpoint interfaces. */
    public enum Service {
        UtbPooledResource(UtbPooledResource.class, "utbPooledResource"),
        UtbOrder(UtbOrder.class, "utbOrder"),
        UtbOTP(UtbOTP.class, "utbOTP"),
        UtbServiceV3(UtbServiceV3.class, "utbServiceV3"),
        UtbConnectYou(au.com.utilibill.ws.frontend.connectyou.UtbConnectYou.class, "utbConnectYou");

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
    }

    private final Service service;
    private final Class<?> payload;
    private final boolean create;

    SoapOperation(Service service, Class<?> payload, boolean create) {
        this.service = service;
        this.payload = payload;
        this.create = create;
    }

    public Service service() {
        return service;
    }

    public Class<?> payload() {
        return payload;
    }

    public boolean create() {
        return create;
    }
}
