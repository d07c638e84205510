package io.octaneroutes.app;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.spi.PackageScanResourceResolver;

/**
 * {@code java -jar target/octane-routes.jar [--demo | --probe] [--key=value ...]}
 *
 * <p>Runs octane-routes on camel-main. Configuration comes from application.properties,
 * environment variables (OCTANE_SOAP_URL for octane.soap.url) and {@code --key=value}
 * arguments, which win. {@code --demo} runs the demo: embedded broker, database and Octane
 * simulator on a fast clock, the requests in examples/ fed in through the file drop, progress
 * shown as events arrive, and exit when every request has finished. {@code --probe} runs the
 * read-only probe against the configured Octane instead of the service ({@link ProbeCommand}),
 * prints its report and exits with its code (0 same, 1 differences, 2 paths not answered,
 * 3 cannot run).
 */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) throws Exception {
        OctaneConfiguration.httpClientSafety();
        Main main = createMain();
        boolean demo = false;
        boolean probe = false;
        java.util.Map<String, String> overrides = new java.util.LinkedHashMap<>();
        for (String arg : args) {
            if ("--demo".equals(arg)) {
                demo = true;
            } else if ("--probe".equals(arg)) {
                probe = true;
            } else if ("--help".equals(arg) || "-h".equals(arg)) {
                System.out.println("usage: java -jar octane-routes.jar [--demo | --probe] [--key=value ...]  (keys: see README.md)");
                return;
            } else if (arg.startsWith("--") && arg.contains("=")) {
                int eq = arg.indexOf('=');
                main.addOverrideProperty(arg.substring(2, eq), arg.substring(eq + 1));
                overrides.put(arg.substring(2, eq), arg.substring(eq + 1));
            } else {
                System.err.println("unknown argument '" + arg + "' (expected --demo, --probe or --key=value)");
                System.exit(2);
            }
        }
        if (probe) {
            if (demo) {
                System.err.println("--demo and --probe cannot be combined");
                System.exit(2);
            }
            System.exit(ProbeCommand.run(overrides, System.out, System.err, true));
        }
        Demo demoRun = demo ? Demo.prepare(main) : null;
        main.run();
        if (demoRun != null) {
            System.exit(demoRun.exitCode());
        }
    }

    /**
     * camel-main's {@link Main}, with the classpath scanner that lists a jar from its central
     * directory ({@link JarDirectoryResourceResolver}: the route files are found in the packaged
     * jar without inflating it).
     */
    public static Main createMain() {
        return new Main() {
            @Override
            protected CamelContext createCamelContext() {
                CamelContext context = super.createCamelContext();
                JarDirectoryResourceResolver resolver = new JarDirectoryResourceResolver();
                resolver.setCamelContext(context);
                context.getCamelContextExtension().addContextPlugin(PackageScanResourceResolver.class, resolver);
                return context;
            }
        };
    }
}
