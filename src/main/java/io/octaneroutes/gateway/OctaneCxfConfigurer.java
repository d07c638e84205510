package io.octaneroutes.gateway;

import java.time.Duration;

import org.apache.camel.component.cxf.jaxws.CxfConfigurer;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.frontend.AbstractWSDLBasedEndpointFactory;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;

/** Client timeouts for the Octane SOAP endpoints; CXF's own retries stay off so Camel's redelivery is in charge. */
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
    }

    @Override
    public void configureServer(Server server) {
    }
}
