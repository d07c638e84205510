package io.octaneroutes.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The yardstick of BENCHMARKS.md section 2: the eSIM activation (flows.md M3) as a minimal
 * hand-written client does it, plain {@link HttpClient}, envelopes built as strings, answers
 * read with regular expressions, no journal, no events, no retries, no rate budget. The same
 * calls as octane-routes makes: queryResources (WME_ESIM, R2), reserveResources (one MSN),
 * selectResource, orderCreate ADD_WME_NEW isEsim=true, orderQuery one poll interval later
 * (again until COMMITTED/COMPLETE), getEsimDetails "QR Code". {@code threads} workers run the
 * calls, as many as octane-routes' flow threads; a request waiting for its poll holds none.
 */
final class DirectClient {
    private static final String PR = "http://pr.frontend.ws.utilibill.com.au/";
    private static final String ORD = "http://order.frontend.ws.utilibill.com.au/";
    private static final Pattern VALUE = Pattern.compile("<resourceValue>([^<]+)</resourceValue>");
    private static final Pattern ORDER_ID = Pattern.compile("<orderId>([^<]+)</orderId>");
    private static final Pattern INTERNAL = Pattern.compile("<internalStatus>([^<]+)</internalStatus>");
    private static final Pattern PROVIDER = Pattern.compile("<providerStatus>([^<]+)</providerStatus>");

    private final String soapBase;
    private final String restBase;
    private final String login;
    private final String basicAuth;
    private final int threads;
    private final Duration pollInterval;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    DirectClient(String soapBase, String restBase, String username, String password, int threads, Duration pollInterval) {
        this.soapBase = soapBase;
        this.restBase = restBase;
        this.login = "<login><userName>" + username + "</userName><password>" + password + "</password></login>";
        this.basicAuth = "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.threads = threads;
        this.pollInterval = pollInterval;
    }

    /** Runs {@code n} activations for customer {@code custNo}; returns the failures (empty when all completed). */
    Queue<String> run(int n, long custNo, int planNo) throws InterruptedException {
        ScheduledExecutorService workers = Executors.newScheduledThreadPool(threads);
        CountDownLatch done = new CountDownLatch(n);
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < n; i++) {
            workers.execute(() -> {
                try {
                    String esim = soap("UtbPooledResource", PR, "queryResources",
                            "<queryPooledResourcesRequest><queryValue>WME_ESIM</queryValue></queryPooledResourcesRequest>");
                    if (!"AVAILABLE".equals(first(INTERNAL, esim)) || !"r".equals(first(PROVIDER, esim))) {
                        throw new IllegalStateException("eSIM not orderable: " + esim);
                    }
                    String msn = first(VALUE, soap("UtbPooledResource", PR, "reserveResources",
                            "<reservePooledResourcesRequest><resourceType>WME_MSN</resourceType><numResources>1</numResources></reservePooledResourcesRequest>"));
                    soap("UtbPooledResource", PR, "selectResource",
                            "<selectPooledResourceRequest><resource>" + msn + "</resource><resourceType>WME_MSN</resourceType></selectPooledResourceRequest>");
                    String orderId = first(ORDER_ID, soap("UtbOrder", ORD, "orderCreate", "<createRequest><custNo>" + custNo
                            + "</custNo><orderType>SRVC_ORD</orderType><orderAction>ADD_WME_NEW</orderAction><orderItems><wmeNewReqItem>"
                            + "<lineType>R</lineType><planNo>" + planNo + "</planNo><msn>" + msn
                            + "</msn><isEsim>true</isEsim><isQRcode>false</isQRcode></wmeNewReqItem></orderItems></createRequest>"));
                    workers.schedule(() -> poll(workers, orderId, msn, done, failures), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    failures.add(e.getMessage());
                    done.countDown();
                }
            });
        }
        done.await();
        workers.shutdown();
        return failures;
    }

    private void poll(ScheduledExecutorService workers, String orderId, String msn, CountDownLatch done, Queue<String> failures) {
        try {
            String status = first(INTERNAL, soap("UtbOrder", ORD, "orderQuery", "<request><orderId>" + orderId + "</orderId></request>"));
            if ("IN_PROG".equals(status)) {
                workers.schedule(() -> poll(workers, orderId, msn, done, failures), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            if (!"COMMITTED".equals(status) && !"COMPLETE".equals(status)) {
                throw new IllegalStateException("order " + orderId + " " + status);
            }
            String qr = rest("/v1/mobile/resource/getEsimDetails", "{\"requestType\":\"QR Code\",\"msn\":\"" + msn + "\"}");
            if (!qr.contains("\"activationCode\"")) {
                throw new IllegalStateException("no QR code: " + qr);
            }
        } catch (Exception e) {
            failures.add(e.getMessage());
        }
        done.countDown();
    }

    private String soap(String service, String ns, String operation, String payload) throws Exception {
        String envelope = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:x=\"" + ns
                + "\"><soapenv:Header/><soapenv:Body><x:" + operation + ">" + login + payload + "</x:" + operation
                + "></soapenv:Body></soapenv:Envelope>";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(soapBase + "/" + service))
                .header("Content-Type", "text/xml; charset=utf-8").POST(HttpRequest.BodyPublishers.ofString(envelope)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || !r.body().contains("<errorCode>0</errorCode>")) {
            throw new IllegalStateException(operation + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private String rest(String path, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(restBase + path)).header("Authorization", basicAuth)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static String first(Pattern p, String text) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException(p + " not in " + text);
        }
        return m.group(1);
    }
}
