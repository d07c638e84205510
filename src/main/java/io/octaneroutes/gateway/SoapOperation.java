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

/**
 * The Octane SOAP web methods the gateway calls, with the service (WSDL) that serves each, the
 * generated payload class, and whether the call creates something on Octane's side (such a
 * call is never re-sent after an uncertain outcome: G-IDEMP).
 */
public enum SoapOperation {
    queryResources(Service.UtbPooledResource, QueryPooledResourcesRequest.class, false),
    // reserveResources is not idempotent either, but a repeated reservation only holds a spare
    // MSN until it returns to AVAILABLE after 24 h (R3): re-sending after a timeout is accepted.
    reserveResources(Service.UtbPooledResource, ReservePooledResourcesRequest.class, false),
    // selecting the MSN we already selected is harmless (G-RES assumption)
    selectResource(Service.UtbPooledResource, SelectPooledResourceRequest.class, false),
    unreserveResources(Service.UtbPooledResource, UnreservePooledResourcesRequest.class, false),
    orderCreate(Service.UtbOrder, OrderCreateRequest.class, true),
    orderCreateBulk(Service.UtbOrder, OrderCreateBulkRequest.class, true),
    orderQuery(Service.UtbOrder, OrderQueryRequest.class, false),
    orderReset(Service.UtbOrder, OrderResetRequest.class, true);

    /** The SOAP services (WSDLs) and their generated service endpoint interfaces. */
    public enum Service {
        UtbPooledResource(UtbPooledResource.class, "utbPooledResource"),
        UtbOrder(UtbOrder.class, "utbOrder");

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
