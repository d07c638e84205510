package io.octaneroutes.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.octaneroutes.journal.Journal;

/**
 * The operators' console (issue 14) in a real headless Chromium ({@link HeadlessChromium}),
 * against the whole application: the page loads from the jar's resources with its
 * Content-Security-Policy, an operator signs in (a wrong key and a client's key are refused),
 * sees the parked requests, resumes one from the page typing the reason (an automatic refresh
 * meanwhile keeps what is typed), and the page shows it completed by its own refresh, with the
 * audit trail; an uncertain create is resolved from the page with the orderId found in Octane.
 * Hostile text (an operator's reason made of markup) is shown as text and never runs, and the
 * browser refuses markup sinks altogether (Trusted Types). The screenshots in README come from
 * this run ({@code -Doctane.console.screenshots=docs}).
 */
class ConsoleBrowserIT {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final String OPERATOR = "alice-key-0123456789";
    static final String CLIENT = "crm-key-0123456789";
    static TestApp app;
    static HeadlessChromium chromium;
    ChromeDriver driver;
    WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("intake.http.clients", "crm");
        p.put("intake.http.client.crm.api-key", CLIENT);
        p.put("ops.operators", "alice");
        p.put("ops.operator.alice.api-key", OPERATOR);
        // a request parked after its retries stays parked: only an operator resumes it here
        p.put("octane.retry.park-delay", "1h");
        p.put("octane.retry.max-attempts", "2");
        p.put("octane.simulator.esim-stock", "50");
        chromium = HeadlessChromium.start();
        app = TestApp.start(p);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (app != null) {
                app.close();
            }
        }
    }

    @BeforeEach
    void open() {
        app.simulator().faults().clear();
        if (chromium != null) {
            driver = chromium.driver();
            wait = new WebDriverWait(driver, TIMEOUT, Duration.ofMillis(100));
            chromium.consoleMessages(); // start each test with an empty log
        }
    }

    @AfterEach
    void noScriptErrorsNorPolicyViolations() {
        if (chromium == null) {
            return;
        }
        List<String> severe = chromium.consoleMessages().stream().filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage).toList();
        assertThat(severe).as("the page's console: script errors, CSP violations, failed loads").isEmpty();
    }

    // ------------------------------------------------------------ the page itself

    @Test
    void thePageIsPublicItsDataIsNotAndItIsServedWithAStrictContentSecurityPolicy() throws Exception {
        for (String path : List.of("/console/", "/console")) {
            HttpResponse<String> page = get(path);
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(page.body()).contains("<script src=\"/console/console.js\" defer></script>").doesNotContain("<script>", "style=");
            String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertThat(csp).contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
                    "frame-ancestors 'none'", "require-trusted-types-for 'script'", "trusted-types 'none'").doesNotContain("unsafe");
            assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
            assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            // nothing of the request is echoed onto the answer
            assertThat(page.headers().map()).doesNotContainKey("x-probe");
        }
        assertThat(get("/console/console.js").headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        assertThat(get("/console/console.css").headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
        assertThat(get("/console/favicon.svg").statusCode()).isEqualTo(200);
        // only those four files: nothing else of the classpath, no listing
        for (String path : List.of("/console/nothing.js", "/console/../application.properties", "/console/console.js/..%2f..%2fapplication.properties",
                "/console/routes/console.camel.yaml")) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(404);
        }
        assertThat(app.send(HttpRequest.newBuilder(app.uri("/console/")).POST(HttpRequest.BodyPublishers.ofString("x")).build()).statusCode())
                .isEqualTo(405);
        // what it shows needs an operator's credential
        assertThat(get("/api/ops/overview").statusCode()).isEqualTo(401);
    }

    // ------------------------------------------------------------ the brief's scenario

    @Test
    void anOperatorResumesAParkedRequestFromThePageAndThePageShowsItCompleted() throws Exception {
        HeadlessChromium.assumeWanted();
        for (String id : List.of("console-ok-1", "console-ok-2")) {
            submit(TestApp.esimRequest(id, 554433, 23371, true));
        }
        for (String id : List.of("console-ok-1", "console-ok-2")) {
            assertThat(app.awaitFinal(id, TIMEOUT)).isEqualTo(Journal.COMPLETED);
        }
        // parked after an outage: Octane answers 503 to both attempts
        app.simAdmin("POST", "/sim/faults", "{\"operation\":\"reserveResources\",\"kind\":\"HTTP_503\",\"times\":2}");
        submit(TestApp.esimRequest("console-park-1", 554433, 23371, true));
        app.awaitStatus("console-park-1", Journal.PARKED, TIMEOUT);
        // parked with an uncertain create: Octane made the order, then answered HTTP 500 (G-IDEMP). (Not a dropped
        // connection, as OperationsApiIT has: on a kept-alive connection the JDK client sends that POST again by itself.)
        Map<String, Object> svc = app.simAdmin("POST", "/sim/services", "{\"custNo\":554433,\"planNo\":23371,\"isEsim\":true}");
        app.simAdmin("POST", "/sim/faults", "{\"operation\":\"orderCreate\",\"kind\":\"HTTP_500\",\"times\":1,\"when\":\"after\"}");
        submit(TestApp.request("console-uncertain-1", "mobile.change.plan",
                "{\"custNo\":554433,\"lineSeqNo\":" + svc.get("lineSeqNo") + ",\"planNo\":23372}"));
        app.awaitStatus("console-uncertain-1", Journal.PARKED, TIMEOUT);
        assertThat(app.journal().find("console-uncertain-1").orElseThrow().errorCode()).isEqualTo("UNCERTAIN");

        driver.get(app.uri("/console/").toString());
        signIn("not-a-key");
        assertThat(visibleText("login-error")).startsWith("Not accepted");
        signIn(CLIENT);
        wait.until(d -> visibleText("login-error").contains("needs an operator's"));
        chromium.consoleMessages(); // the browser logs those two refusals (401, 403) as failed loads, rightly
        signIn(OPERATOR);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("console")));
        assertThat(driver.findElement(By.id("login")).isDisplayed()).isFalse();

        // the parked requests, each with the actions that apply
        WebElement parked = wait.until(ExpectedConditions.visibilityOfElementLocated(needsAction("console-park-1")));
        assertThat(actions(parked)).containsExactly("resume", "abandon");
        assertThat(parked.getText()).contains("mobile.activate.new-msn.esim", "TRANSIENT", "reserveResources: HTTP 503", "resumes in 59 min");
        assertThat(actions(driver.findElement(needsAction("console-uncertain-1")))).containsExactly("resolve", "abandon");
        assertThat(text("#counts [data-status='PARKED'] .n")).isEqualTo("2");
        assertThat(Integer.parseInt(text("#counts [data-status='COMPLETED'] .n"))).isGreaterThanOrEqualTo(2);
        // the budgets as bars, the poller's backlog
        WebElement orderCreate = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#budgets [data-method='orderCreate']")));
        assertThat(orderCreate.getText()).contains("this minute", "this hour", "/ 100", "/ 2000");
        assertThat(driver.findElement(By.id("poller")).getText()).contains("orders followed", "due now");
        wait.until(d -> !d.findElements(By.cssSelector("#requests tr[data-request-id='console-ok-1']")).isEmpty());
        chromium.screenshot("console-overview.png", true);

        // the timeline of the parked request, then resume it from there, typing the reason
        ((JavascriptExecutor) driver).executeScript("window.notReloaded = true");
        driver.findElement(needsAction("console-park-1")).findElement(By.cssSelector("[data-open]")).click();
        wait.until(d -> "console-park-1".equals(d.findElement(By.id("tl-id")).getText())
                && !d.findElements(By.cssSelector("#tl-body .pill[data-status='PARKED']")).isEmpty());
        // h3 headings are upper-cased by the style sheet, and getText() reads what is shown; the read that
        // failed has no step row (only a create leaves a STARTED marker): its parked event names it
        String parkedTimeline = driver.findElement(By.id("tl-body")).getText();
        assertThat(parkedTimeline).contains("STEPS", "queryResources", "EVENTS", "parked", "TRANSIENT",
                "operation reserveResources · reason reserveResources: HTTP 503");
        assertThat(parkedTimeline).doesNotContain("sent, answer never recorded");
        driver.findElement(By.cssSelector("#tl-body [data-action='resume']")).click();
        WebElement reason = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("action-reason")));
        String why = "Octane is back after INC-4711 (status page green since 10:42)";
        reason.sendKeys(why);
        // the page refreshes on its own meanwhile: what the operator typed stays
        int refreshes = refreshes();
        wait.until(d -> refreshes() >= refreshes + 1);
        assertThat(reason.getDomProperty("value")).isEqualTo(why);
        assertThat(driver.findElement(By.id("action-dialog")).isDisplayed()).isTrue();
        chromium.screenshot("console-resume.png", false);
        driver.findElement(By.id("action-confirm")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("action-dialog")));
        assertThat(visibleText("flash")).contains("console-park-1", "resumed");

        // completed, shown by the page's own refresh (no reload): status, steps, audit trail
        wait.until(d -> !d.findElements(By.cssSelector("#tl-body .pill[data-status='COMPLETED']")).isEmpty());
        assertThat(app.journal().find("console-park-1").orElseThrow().status()).isEqualTo(Journal.COMPLETED);
        assertThat(((JavascriptExecutor) driver).executeScript("return window.notReloaded")).isEqualTo(true);
        String timeline = driver.findElement(By.id("tl-body")).getText();
        assertThat(timeline).contains("orderCreate", "COMPLETE", "completed");
        assertThat(text("#tl-body table:last-of-type tbody")).contains("alice", "resume", why, "resumed: queued to run now");
        wait.until(d -> d.findElements(needsAction("console-park-1")).isEmpty());
        assertThat(driver.findElements(By.cssSelector("#tl-body [data-action]"))).as("no action applies to a completed request").isEmpty();
        chromium.screenshot("console-timeline.png", true);

        // the uncertain create: the operator found the order in Octane and says so
        String orderId = app.calls("orderCreate").stream().filter(c -> String.valueOf(svc.get("lineSeqNo")).equals(c.key("lineSeqNo")))
                .reduce((a, b) -> b).orElseThrow().key("orderId");
        driver.findElement(needsAction("console-uncertain-1")).findElement(By.cssSelector("[data-action='resolve']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("resolve-choice")));
        driver.findElement(By.id("action-reason")).sendKeys("found in Octane's portal");
        driver.findElement(By.id("action-confirm")).click();
        assertThat(visibleText("action-error")).contains("what you found in Octane");
        driver.findElement(By.id("resolve-order-id")).sendKeys(orderId);
        assertThat(driver.findElement(By.cssSelector("input[name='outcome'][value='created']")).isSelected()).isTrue();
        chromium.screenshot("console-resolve.png", false);
        driver.findElement(By.id("action-confirm")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("action-dialog")));
        wait.until(d -> "console-uncertain-1".equals(d.findElement(By.id("tl-id")).getText())
                && !d.findElements(By.cssSelector("#tl-body .pill[data-status='COMPLETED']")).isEmpty());
        assertThat(app.lastEvent("console-uncertain-1")).containsEntry("type", "completed").containsEntry("orderId", orderId);
        assertThat(app.calls("orderCreate").stream().filter(c -> String.valueOf(svc.get("lineSeqNo")).equals(c.key("lineSeqNo"))))
                .as("the create was not sent again").hasSize(1);
        wait.until(d -> d.findElement(By.id("needs-action")).getText().contains("Nothing needs a person"));
    }

    // ------------------------------------------------------------ hostile text, the credential

    @Test
    void hostileTextIsShownAsTextAndTheCredentialStaysInThePagesMemory() throws Exception {
        HeadlessChromium.assumeWanted();
        app.simAdmin("POST", "/sim/faults", "{\"operation\":\"reserveResources\",\"kind\":\"HTTP_503\",\"times\":2}");
        submit(TestApp.esimRequest("console-xss-1", 554433, 23371, true));
        app.awaitStatus("console-xss-1", Journal.PARKED, TIMEOUT);
        String hostile = "<img src=x onerror=\"window.pwned='img'\"><script>window.pwned='script'</script>\"'&amp;<b>bold</b>";
        HttpResponse<String> abandoned = app.send(HttpRequest.newBuilder(app.uri("/api/ops/requests/console-xss-1/abandon"))
                .header("X-API-Key", OPERATOR).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(TestApp.JSON.writeValueAsString(Map.of("reason", hostile)))).build());
        assertThat(abandoned.statusCode()).as(abandoned.body()).isEqualTo(200);

        driver.get(app.uri("/console/").toString());
        signIn(OPERATOR);
        driver.findElement(By.id("filter-q")).sendKeys("console-xss");
        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#requests tr[data-request-id='console-xss-1']")));
        assertThat(row.getText()).contains("ABANDONED", "abandoned by alice: <img src=x");
        row.findElement(By.cssSelector("[data-open]")).click();
        wait.until(d -> !d.findElements(By.cssSelector("#tl-body .audit-reason")).isEmpty());
        assertThat(text("#tl-body .audit-reason")).isEqualTo(hostile);
        assertThat(driver.findElement(By.cssSelector("#tl-body .events")).getText()).contains("errorMessage abandoned by alice: " + hostile);
        JavascriptExecutor js = driver;
        assertThat(js.executeScript("return document.querySelectorAll('main img, main script, main b').length")).isEqualTo(0L);
        assertThat(js.executeScript("return window.pwned === undefined")).isEqualTo(true);
        // the browser enforces it: a markup sink refuses plain strings (Trusted Types, from the page's CSP)
        assertThat(js.executeScript("try { document.getElementById('flash').innerHTML = '<b>x</b>'; return 'assigned'; }"
                + " catch (e) { return e.name; }")).isEqualTo("TypeError");
        chromium.consoleMessages(); // that refusal is logged as a violation, on purpose

        // the key is in no URL, no storage, no cookie; a reload signs out
        assertThat(driver.getCurrentUrl()).doesNotContain(OPERATOR);
        assertThat(js.executeScript("return localStorage.length + sessionStorage.length")).isEqualTo(0L);
        assertThat(js.executeScript("return document.cookie")).isEqualTo("");
        driver.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
        assertThat(driver.findElement(By.id("console")).isDisplayed()).isFalse();
    }

    // ------------------------------------------------------------ helpers

    void signIn(String key) {
        WebElement secret = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-secret")));
        secret.clear();
        secret.sendKeys(key);
        driver.findElement(By.id("login-submit")).click();
        wait.until(d -> !d.findElement(By.id("login")).isDisplayed() || d.findElement(By.id("login-error")).isDisplayed());
    }

    String visibleText(String id) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id))).getText();
    }

    String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    int refreshes() {
        String n = driver.findElement(By.id("refresh-state")).getDomAttribute("data-refreshes");
        return n == null ? 0 : Integer.parseInt(n);
    }

    static By needsAction(String requestId) {
        return By.cssSelector("#needs-action tr[data-request-id='" + requestId + "']");
    }

    static List<String> actions(WebElement row) {
        return row.findElements(By.cssSelector("[data-action]")).stream().map(b -> b.getDomAttribute("data-action")).toList();
    }

    static void submit(String doc) throws Exception {
        HttpResponse<String> r = app.send(HttpRequest.newBuilder(app.uri("/api/requests")).header("X-API-Key", CLIENT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(doc)).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    static HttpResponse<String> get(String path) throws Exception {
        return app.send(HttpRequest.newBuilder(app.uri(path)).header("X-Probe", "echo?").GET().build());
    }
}
