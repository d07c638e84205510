package io.octaneroutes.gateway;

import java.time.Duration;

import org.apache.camel.component.cxf.jaxws.CxfConfigurer;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.frontend.AbstractWSDLBasedEndpointFactory;
import org.apache.cxf.message.Message;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;

/**
 * How the gateway's SOAP clients talk to Octane.
 *
 * <p>Sending: client timeouts; CXF's own retries and redirects off, so Camel's redelivery is in
 * charge and a create is never re-sent behind our back.
 *
 * <p>Reading, tolerantly, as PHP SoapClient and node-soap do (README "Decisions"): our WSDLs
 * are our own reading of partial docs (G-WSDL), so an answer is read for what we know and the
 * rest is ignored. JAXB without CXF's validation event handler skips unknown elements (at any
 * level), takes elements in any order and missing optional ones; schema validation stays off;
 * {@link LenientSoapReading} reads namespace-qualified children as the unqualified ones the WSDL
 * declares. Prefixes ({@code SOAP-ENV}, {@code S}) and an empty header never mattered to CXF.
 */
public class OctaneCxfConfigurer implements CxfConfigurer {
    private final Duration connectTimeout;
    private final Duration readTimeout;

    public OctaneCxfConfigurer(Duration connectTimeout, Duration readTimeout) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    @Override
    public void configure(AbstractWSDLBasedEndpointFactory factoryBean) {
    }

    @Override
    public void configureClient(Client client) {
        HTTPConduit conduit = (HTTPConduit) client.getConduit();
        HTTPClientPolicy policy = new HTTPClientPolicy();
        policy.setConnectionTimeout(connectTimeout.toMillis());
        policy.setReceiveTimeout(readTimeout.toMillis());
        policy.setAllowChunking(false);
        policy.setAutoRedirect(false);
        policy.setMaxRetransmits(0);
        // HTTP/1.1 as Octane's JAX-WS services speak it; no h2c upgrade attempt on plain http
        policy.setVersion("1.1");
        conduit.setClient(policy);

        // unknown elements are skipped instead of failing the call ("unexpected element")
        client.getEndpoint().put("set-jaxb-validation-event-handler", Boolean.FALSE);
        client.getEndpoint().put(Message.SCHEMA_VALIDATION_ENABLED, Boolean.FALSE);
        client.getInInterceptors().add(new LenientSoapReading());
    }

    @Override
    public void configureServer(Server server) {
    }
}
