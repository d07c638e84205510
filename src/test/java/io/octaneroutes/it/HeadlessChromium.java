package io.octaneroutes.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * A real headless Chromium for the console's browser test: Debian's {@code chromium} driven
 * through Debian's {@code chromedriver} by Selenium. Both paths are given to Selenium, so its
 * Selenium Manager (which would try to download a driver, and cannot here) is never asked.
 *
 * <p>Where they are: {@code -Doctane.test.chromium=} and {@code -Doctane.test.chromedriver=}
 * (default {@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}, as Debian installs them;
 * {@code .ci/run} installs both when missing). Missing, the test fails and says how to install
 * them: a browser test that skips itself in CI would prove nothing. A developer without a
 * browser may opt out explicitly with {@code -Doctane.test.browser=skip} (the test is then
 * reported skipped, with the reason).
 *
 * <p>The flags are the ones this kind of machine needs (no sandbox as root, no GPU, no QUIC, no
 * background connections to Google's services, which the closed network refuses), with a new,
 * empty profile in a temporary folder, deleted on close.
 */
final class HeadlessChromium implements AutoCloseable {
    static final String SKIP_PROPERTY = "octane.test.browser";

    private final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, ChromeDriverService service, Path profile) {
        this.driver = driver;
        this.service = service;
        this.profile = profile;
    }

    /** Whether a developer asked to skip the browser (never set in CI). */
    static boolean skipped() {
        return "skip".equals(System.getProperty(SKIP_PROPERTY));
    }

    /** In a test that needs the browser: reported skipped, with the reason, when a developer opted out. */
    static void assumeWanted() {
        Assumptions.assumeFalse(skipped(), "the browser was skipped on request (-D" + SKIP_PROPERTY + "=skip)");
    }

    /** The browser, or null when {@link #skipped()}; fails with what to install when it is missing. */
    static HeadlessChromium start() throws IOException {
        if (skipped()) {
            return null;
        }
        File browser = new File(System.getProperty("octane.test.chromium", "/usr/bin/chromium"));
        File chromedriver = new File(System.getProperty("octane.test.chromedriver", "/usr/bin/chromedriver"));
        for (File f : List.of(browser, chromedriver)) {
            if (!f.canExecute()) {
                throw new IllegalStateException("the console's browser test needs Debian's chromium and chromedriver: " + f
                        + " is missing (apt-get install -y chromium chromium-driver; .ci/run does it), or point at them with"
                        + " -Doctane.test.chromium=... -Doctane.test.chromedriver=...; a developer without a browser may skip"
                        + " this test with -D" + SKIP_PROPERTY + "=skip");
            }
        }
        Path profile = Files.createTempDirectory("octane-console-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=1360,900", "--force-device-scale-factor=1", "--lang=en-GB",
                "--hide-scrollbars");
        // the page's console messages (script errors, CSP violations) for the test to read
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver).usingAnyFreePort()
                .withLogFile(profile.resolve("chromedriver.log").toFile()).build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
            return new HeadlessChromium(driver, service, profile);
        } catch (RuntimeException e) {
            service.stop();
            delete(profile);
            throw e;
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    /** The page's console messages since the last call. */
    List<LogEntry> consoleMessages() {
        return driver.manage().logs().get(LogType.BROWSER).getAll();
    }

    /**
     * A PNG of the page as it is: {@code fullPage} sizes the window to the whole page first (a
     * dialog is shot in the usual 1360x900 window). Written to {@code target/console-screenshots/}
     * and, when {@code -Doctane.console.screenshots=<folder>} is set (the README's are made with
     * {@code =docs}), there too.
     */
    void screenshot(String name, boolean fullPage) throws IOException {
        int height = 900;
        if (fullPage) {
            Number h = (Number) driver.executeScript("return document.documentElement.scrollHeight");
            height = Math.max(600, Math.min(4000, h.intValue()));
        }
        driver.manage().window().setSize(new Dimension(1360, height + chromeFrame()));
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        Path target = Path.of("target", "console-screenshots");
        Files.createDirectories(target);
        Files.write(target.resolve(name), png);
        String extra = System.getProperty("octane.console.screenshots");
        if (extra != null && !extra.isBlank()) {
            Path dir = Path.of(extra);
            Files.createDirectories(dir);
            Files.write(dir.resolve(name), png);
        }
        driver.manage().window().setSize(new Dimension(1360, 900 + chromeFrame()));
    }

    /** What the window has above and beside its page (0 headless; measured, not assumed). */
    private int chromeFrame() {
        Number outer = (Number) driver.executeScript("return window.outerHeight - window.innerHeight");
        return Math.max(0, outer.intValue());
    }

    /** Ends the browser and its driver process, and deletes the profile. */
    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            delete(profile);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
