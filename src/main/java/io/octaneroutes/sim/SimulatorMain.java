package io.octaneroutes.sim;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the Octane simulator on its own:
 * {@code java -cp target/octane-routes.jar io.octaneroutes.sim.SimulatorMain --port=8089 --speed=60}.
 * Arguments are {@code octane.simulator.*} keys, with or without that prefix; environment
 * variables (OCTANE_SIMULATOR_PORT) work too.
 */
public final class SimulatorMain {
    private SimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> props = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                System.err.println("usage: SimulatorMain [--port=8089] [--speed=1] [--octane.simulator.<key>=<value> ...]");
                System.exit(2);
            }
            String key = arg.substring(2, arg.indexOf('='));
            props.put(key.startsWith("octane.") ? key : "octane.simulator." + key, arg.substring(arg.indexOf('=') + 1));
        }
        SimulatorConfig config = SimulatorConfig.fromProperties(key -> {
            String v = props.get(key);
            return v != null ? v : System.getenv(key.toUpperCase().replace('.', '_').replace('-', '_'));
        });
        OctaneSimulator simulator = new OctaneSimulator(config);
        simulator.start();
        System.out.println("Octane simulator: SOAP " + simulator.soapBaseUrl() + "/{UtbPooledResource,UtbOrder,UtbOTP,UtbServiceV3} (WSDL: ?wsdl), REST "
                + simulator.restBaseUrl() + ", admin " + simulator.soapBaseUrl().replace("/tiab", "/sim")
                + "; user '" + config.username + "' (password: octane.simulator.password)");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.stop();
            stopped.countDown();
        }));
        stopped.await();
    }
}
