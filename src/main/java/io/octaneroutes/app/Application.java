package io.octaneroutes.app;

import org.apache.camel.main.Main;

/**
 * {@code java -jar target/octane-routes.jar [--demo] [--key=value ...]}
 *
 * <p>Runs octane-routes on camel-main. Configuration comes from application.properties,
 * environment variables (OCTANE_SOAP_URL for octane.soap.url) and {@code --key=value}
 * arguments, which win. {@code --demo} runs the demo: embedded broker, database and Octane
 * simulator on a fast clock, the requests in examples/ fed in through the file drop, progress
 * shown as events arrive, and exit when every request has finished.
 */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) throws Exception {
        OctaneConfiguration.httpClientSafety();
        Main main = new Main();
        boolean demo = false;
        for (String arg : args) {
            if ("--demo".equals(arg)) {
                demo = true;
            } else if ("--help".equals(arg) || "-h".equals(arg)) {
                System.out.println("usage: java -jar octane-routes.jar [--demo] [--key=value ...]  (keys: see README.md)");
                return;
            } else if (arg.startsWith("--") && arg.contains("=")) {
                int eq = arg.indexOf('=');
                main.addOverrideProperty(arg.substring(2, eq), arg.substring(eq + 1));
            } else {
                System.err.println("unknown argument '" + arg + "' (expected --demo or --key=value)");
                System.exit(2);
            }
        }
        Demo demoRun = demo ? Demo.prepare(main) : null;
        main.run();
        if (demoRun != null) {
            System.exit(demoRun.exitCode());
        }
    }
}
