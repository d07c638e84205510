package io.octaneroutes.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.message.Message;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.junit.jupiter.api.Test;

import au.com.utilibill.ws.frontend.order.UtbOrder;

/**
 * What the gateway's SOAP clients are set to (a CXF client built from our WSDL, never called):
 * the configured timeouts, no chunking, no redirect and no retransmit of CXF's own (Camel's
 * redelivery decides, a create is never re-sent behind its back), HTTP/1.1, unknown elements
 * skipped, no schema validation, qualified children read leniently.
 */
class OctaneCxfConfigurerTest {
    @Test
    void theClientIsSetUpToSendOnceAndReadTolerantly() {
        JaxWsProxyFactoryBean factory = new JaxWsProxyFactoryBean();
        factory.setServiceClass(UtbOrder.class);
        factory.setAddress("http://127.0.0.1:9/soap/UtbOrder");
        // the proxy is held to the end: CXF destroys a proxy's client once the proxy is garbage
        // collected (its Endpoint then null: seen once in a full run)
        Object proxy = factory.create();
        Client client = ClientProxy.getClient(proxy);
        try {
            new OctaneCxfConfigurer(Duration.ofMillis(1500), Duration.ofSeconds(25)).configureClient(client);
            HTTPClientPolicy policy = ((HTTPConduit) client.getConduit()).getClient();
            assertThat(policy.getConnectionTimeout()).isEqualTo(1500);
            assertThat(policy.getReceiveTimeout()).isEqualTo(25_000);
            assertThat(policy.isAllowChunking()).isFalse();
            assertThat(policy.isAutoRedirect()).isFalse();
            assertThat(policy.getMaxRetransmits()).isZero();
            assertThat(policy.getVersion()).isEqualTo("1.1");
            assertThat(client.getEndpoint().get("set-jaxb-validation-event-handler")).isEqualTo(Boolean.FALSE);
            assertThat(client.getEndpoint().get(Message.SCHEMA_VALIDATION_ENABLED)).isEqualTo(Boolean.FALSE);
            assertThat(client.getInInterceptors()).hasAtLeastOneElementOfType(LenientSoapReading.class);
        } finally {
            client.destroy();
            java.lang.ref.Reference.reachabilityFence(proxy);
        }
    }
}
