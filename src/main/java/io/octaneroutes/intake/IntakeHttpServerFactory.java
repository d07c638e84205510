package io.octaneroutes.intake;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Service;
import org.apache.camel.component.platform.http.main.DefaultMainHttpServerFactory;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.main.HttpManagementServerConfigurationProperties;
import org.apache.camel.main.HttpServerConfigurationProperties;
import org.apache.camel.main.MainHttpServerFactory;
import org.apache.camel.main.MainListenerSupport;

/**
 * Makes camel-main's HTTP server ({@code camel.server.*}) an {@link IntakeHttpServer}.
 * camel-main creates its servers from the {@link MainHttpServerFactory} it finds in the
 * registry, before any configuration class runs. The earliest hook a properties file can name
 * is a main listener ({@code camel.main.mainListenerClasses}): camel-main instantiates it, with
 * its CamelContext, before it creates the servers, and this class binds itself in the registry
 * right then. {@link IntakeHttpServer#verifyInstalled} fails the start if that ever stops
 * working, rather than run an unguarded server. The management server is camel-main's own.
 */
public class IntakeHttpServerFactory extends MainListenerSupport implements MainHttpServerFactory, CamelContextAware {
    private CamelContext camelContext;

    @Override
    public void setCamelContext(CamelContext camelContext) {
        if (this.camelContext != null) {
            return; // binding calls this again
        }
        this.camelContext = camelContext;
        if (camelContext.getRegistry().findSingleByType(MainHttpServerFactory.class) == null) {
            camelContext.getRegistry().bind("intakeHttpServerFactory", this);
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public Service newHttpServer(CamelContext camelContext, HttpServerConfigurationProperties configuration) {
        MainHttpServer server = new MainHttpServer() {
            @Override
            protected void doInit() {
                // what MainHttpServer.doInit does, with our server class
                try {
                    getCamelContext().addService(new IntakeHttpServer(getConfiguration()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        server.setCamelContext(camelContext);
        server.setHost(configuration.getHost());
        server.setPort(configuration.getPort());
        server.setPath(configuration.getPath());
        if (configuration.getMaxBodySize() != null) {
            server.setMaxBodySize(configuration.getMaxBodySize());
        }
        server.setUseGlobalSslContextParameters(configuration.isUseGlobalSslContextParameters());
        return server;
    }

    @Override
    public Service newHttpManagementServer(CamelContext camelContext, HttpManagementServerConfigurationProperties configuration) {
        DefaultMainHttpServerFactory delegate = new DefaultMainHttpServerFactory();
        delegate.setCamelContext(camelContext);
        return delegate.newHttpManagementServer(camelContext, configuration);
    }
}
