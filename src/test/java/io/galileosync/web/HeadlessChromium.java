package io.galileosync.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless chromium through chromedriver, with the screen sizes emulated over DevTools: a headless
 * window is never narrower than 500 px, so a "360 px" window is not a phone. {@link #phone()} emulates one
 * (360 px wide, mobile viewport rules, as a phone browser lays the page out); {@link #laptop()} a 1280 px
 * screen. The time zone is emulated too, so that "local time" differs from UTC and from the machine's.
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final int PHONE_WIDTH = 360;
    static final int PHONE_HEIGHT = 780;
    static final int LAPTOP_WIDTH = 1280;
    static final int LAPTOP_HEIGHT = 900;

    final ChromeDriver driver;
    private final Path shots;

    HeadlessChromium(Path profile, Path downloads, Path shots, String timeZone) {
        this.shots = shots;
        System.setProperty("SE_OFFLINE", "true"); // Selenium Manager must not download anything
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1280,900",
                "--hide-scrollbars", "--force-device-scale-factor=1");
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download.default_directory", downloads.toAbsolutePath().toString());
        prefs.put("download.prompt_for_download", false);
        prefs.put("safebrowsing.enabled", false);
        options.setExperimentalOption("prefs", prefs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        cdp("Emulation.setTimezoneOverride", Map.of("timezoneId", timeZone));
        laptop();
    }

    Map<String, Object> cdp(String command, Map<String, Object> parameters) {
        return driver.executeCdpCommand(command, parameters);
    }

    /** A phone's screen: 360 CSS px wide, laid out with the mobile viewport rules. */
    void phone() {
        screen(PHONE_WIDTH, PHONE_HEIGHT, true);
    }

    void laptop() {
        screen(LAPTOP_WIDTH, LAPTOP_HEIGHT, false);
    }

    boolean isPhone() {
        return width() == PHONE_WIDTH;
    }

    private void screen(int width, int height, boolean mobile) {
        cdp("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1,
                "mobile", mobile));
        js("window.dispatchEvent(new Event('resize'))");
        // a page wider than the screen would make a phone browser zoom out: innerWidth shows it
        new WebDriverWait(driver, Duration.ofSeconds(5), Duration.ofMillis(50))
                .until(d -> width() == width);
        assertThat(width()).as("window.innerWidth").isEqualTo(width);
    }

    int width() {
        return ((Number) js("return window.innerWidth")).intValue();
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    WebElement $(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /**
     * An element, whole, as the screen shows it (DevTools captures beyond the viewport; the page's layout
     * does not depend on the screen's height). Taken from the top of the page, so the sticky header covers
     * nothing below it.
     */
    void shot(String name, String css) throws IOException {
        @SuppressWarnings("unchecked")
        List<Number> box = (List<Number>) js("window.scrollTo(0, 0); const r = document.querySelector(arguments[0])"
                + ".getBoundingClientRect(); return [r.left, r.top + window.scrollY, r.width, r.height]", css);
        Map<String, Object> clip = Map.of("x", box.get(0).doubleValue(), "y", box.get(1).doubleValue(),
                "width", box.get(2).doubleValue(), "height", Math.min(box.get(3).doubleValue(), 16_000), "scale", 1);
        save(name, cdp("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true, "clip", clip)));
    }

    /** The whole page. */
    void page(String name) throws IOException {
        shot(name, "body");
    }

    private void save(String name, Map<String, Object> screenshot) throws IOException {
        Files.write(shots.resolve(name + ".png"), Base64.getDecoder().decode((String) screenshot.get("data")));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
