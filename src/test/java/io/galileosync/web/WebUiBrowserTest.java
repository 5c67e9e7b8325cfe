package io.galileosync.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.galileosync.GalileoSyncApplication;
import io.galileosync.ingest.GalileoFrame;
import io.galileosync.ingest.IngestServer;
import io.galileosync.simulate.PacketEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The web UI in a real headless browser (Debian's chromium + chromedriver) against two real nodes in this JVM:
 * start the peer server, check and sync with the other node, watch the record count and the sync log update
 * live, see a tracker fed over TCP appear with its track drawn on the map, export a file and import it on the
 * other node. Screenshots at 360 px and 1280 px go to {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String SECRET = "ui-test-team-secret";
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static final String TRACKER_A = "861230043907626";
    private static final String TRACKER_B = "359633100458591";

    @TempDir
    static Path tmp;

    private ConfigurableApplicationContext nodeA;
    private ConfigurableApplicationContext nodeB;
    private WebDriver driver;
    private Path downloads;

    @BeforeAll
    void start() throws IOException {
        boolean browser = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!browser) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("chromium and chromedriver are required on CI: apt-get install -y chromium chromium-driver");
            }
            Assumptions.assumeTrue(false, "no /usr/bin/chromium + /usr/bin/chromedriver: browser test skipped");
        }
        long t0 = System.nanoTime();
        // one after the other: two contexts initializing logging at once in one JVM race in Logback
        // ("Unable to find Spring Environment in logger context")
        nodeA = node("field-laptop", tmp.resolve("a"));
        nodeB = node("field-phone", tmp.resolve("b"));
        System.err.printf("nodes started in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        Files.createDirectories(SHOTS);
        downloads = Files.createDirectories(tmp.resolve("downloads"));
        driver = browser(Files.createDirectories(tmp.resolve("chrome-profile")));
    }

    @AfterAll
    void stop() {
        long t0 = System.nanoTime();
        if (driver != null) {
            driver.quit();
        }
        long t1 = System.nanoTime();
        CompletableFuture<Void> closeB = CompletableFuture.runAsync(() -> {
            if (nodeB != null) {
                nodeB.close();
            }
        });
        if (nodeA != null) {
            nodeA.close();
        }
        closeB.join();
        System.err.printf("browser closed in %d ms, nodes in %d ms%n", (t1 - t0) / 1_000_000,
                (System.nanoTime() - t1) / 1_000_000);
    }

    private static ConfigurableApplicationContext node(String name, Path dataDir) {
        String[] args = Stream.of("server.port=0", "galileo.ingest.port=0", "galileo.data-dir=" + dataDir,
                        "galileo.node.name=" + name, "galileo.sync.secret=" + SECRET, "spring.jmx.enabled=false",
                        "galileo.discovery.enabled=false", "galileo.sync.interval=1h", "logging.level.root=WARN",
                        "spring.datasource.url=jdbc:h2:file:" + dataDir
                                + "/galileo;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;NON_KEYWORDS=VALUE")
                .map(p -> "--" + p).toArray(String[]::new);
        // command-line arguments: builder "properties" would be defaults that application.properties overrides
        return new SpringApplicationBuilder(GalileoSyncApplication.class).run(args);
    }

    private WebDriver browser(Path profile) {
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
        ChromeDriver chrome = new ChromeDriver(service, options);
        chrome.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return chrome;
    }

    private static String url(ConfigurableApplicationContext node) {
        return "http://127.0.0.1:" + node.getEnvironment().getProperty("local.server.port");
    }

    private static long records(ConfigurableApplicationContext node) {
        return node.getBean(JdbcClient.class).sql("select count(*) from records").query(Long.class).single();
    }

    private WebDriverWait waitFor(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds), Duration.ofMillis(100));
    }

    private WebElement $(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    private void select(String css, String value) {
        ((JavascriptExecutor) driver).executeScript("const s = document.querySelector(arguments[0]); s.value = arguments[1];"
                + " s.dispatchEvent(new Event('change', {bubbles: true}))", css, value);
    }

    private void open(ConfigurableApplicationContext node, String path) {
        driver.get(url(node) + path);
        waitFor(15).until(d -> "true".equals(((JavascriptExecutor) d)
                .executeScript("return document.body.dataset.ready || null")));
    }

    @Test
    @Order(1)
    void pageAndAssetsAreServedByTheJarAtBothAddresses() {
        open(nodeA, "/mobile-peer-sync-ui.html");
        assertThat(driver.getTitle()).isEqualTo("Galileo Sync");
        open(nodeA, "/");
        JavascriptExecutor js = (JavascriptExecutor) driver;
        assertThat(js.executeScript("return typeof L + '/' + typeof uPlot")).isEqualTo("object/function");
        // no asset from anywhere else than this node
        @SuppressWarnings("unchecked")
        List<String> resources = (List<String>) js.executeScript(
                "return performance.getEntriesByType('resource').map(e => e.name)");
        assertThat(resources).isNotEmpty().allSatisfy(r -> assertThat(r).startsWith(url(nodeA)));
        waitFor(10).until(ExpectedConditions.textToBe(By.id("st-name"), "field-laptop"));
        waitFor(10).until(ExpectedConditions.textToBe(By.id("live"), "Live"));
        assertThat($("#device-list").getText()).contains("No trackers yet: point a tracker at")
                .contains(":" + nodeA.getBean(IngestServer.class).port());
        assertThat($("#ps-qr").getAttribute("src")).contains("/api/node/qr.svg?text=");
        assertThat((Boolean) js.executeScript("return document.getElementById('ps-qr').naturalWidth > 0")).isTrue();
    }

    @Test
    @Order(2)
    void startPeerServerCheckAndSyncWithTheOtherNode() throws IOException {
        feedTracker(nodeB, TRACKER_B, 4, 55.75, 37.61);
        assertThat(records(nodeB)).isEqualTo(4);
        open(nodeA, "/");
        $("#ps-stop").click();
        waitFor(5).until(ExpectedConditions.textToBe(By.id("ps-state"), "off"));
        $("#ps-start").click();
        waitFor(5).until(ExpectedConditions.textToBe(By.id("ps-state"), "on"));

        $("#peer-url").sendKeys(url(nodeB));
        $("#check-peer").click();
        waitFor(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("connect-result"), "Peer is ready"));
        assertThat($("#connect-result").getText()).contains("field-phone").contains("same team ✓")
                .contains("Records it has that we lack\n4");
        shot("360-check-peer", 360, "#connect");
        driver.manage().window().setSize(new Dimension(1280, 900));
        ((JavascriptExecutor) driver).executeScript("document.getElementById('sync-peer')"
                + ".scrollIntoView({block: 'center'})");

        $("#sync-peer").click();
        waitFor(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("connect-result"), "Sync finished"));
        assertThat($("#connect-result").getText()).contains("New records here\n4");
        assertThat(records(nodeA)).isEqualTo(4);
        // live, without reloading: the status count (SSE snapshot) and the sync log entry
        waitFor(10).until(ExpectedConditions.textToBe(By.id("st-records"), "4"));
        waitFor(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("log-list"), url(nodeB)));
        assertThat($("#log-list").getText()).contains("4 new");
        waitFor(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("peer-list"), "field-phone"));
        // a peer that is not there: the failure in words, and in the log
        $("#peer-url").clear();
        $("#peer-url").sendKeys("127.0.0.1:1");
        $("#sync-peer").click();
        waitFor(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("connect-result"), "could not be reached"));
        shot("360-sync-failed", 360, "#connect");
        driver.manage().window().setSize(new Dimension(1280, 900));
        waitFor(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("log-list"), "127.0.0.1:1"));
        // the log filter
        select("#log-outcome", "success");
        waitFor(5).until(d -> !d.findElement(By.id("log-list")).getText().contains("127.0.0.1:1"));
        $("#log-filter").sendKeys("no-such-peer");
        waitFor(5).until(ExpectedConditions.textToBePresentInElementLocated(By.id("log-list"), "No log entry matches"));
        $("#log-filter").clear();
        $("#log-filter").sendKeys(" ");
        select("#log-outcome", "");
        waitFor(5).until(ExpectedConditions.textToBePresentInElementLocated(By.id("log-list"), "4 new"));
    }

    @Test
    @Order(3)
    void discoveredPeerIsAddedAndTheAutoSyncIntervalIsEdited() throws IOException {
        // a peer heard of (as the peer-address exchange reports them): listed with "Add"
        nodeA.getBean(io.galileosync.discovery.DiscoveredPeers.class)
                .reported("00000000-0000-4000-8000-00000000c0de", "depot-tablet", "http://127.0.0.1:9");
        open(nodeA, "/");
        By discovered = By.cssSelector("#peer-list .peer.discovered[data-url='http://127.0.0.1:9']");
        waitFor(10).until(ExpectedConditions.presenceOfElementLocated(discovered));
        assertThat(driver.findElement(discovered).getText()).contains("depot-tablet").contains("told by a peer");
        shot("360-peers-discovered", 360, "#peers");
        driver.manage().window().setSize(new Dimension(1280, 900));
        driver.findElement(discovered).findElement(By.cssSelector("button.add-peer")).click();
        By known = By.cssSelector("#peer-list .peer:not(.discovered)[data-url='http://127.0.0.1:9']");
        waitFor(10).until(ExpectedConditions.presenceOfElementLocated(known));
        assertThat(driver.findElements(discovered)).isEmpty();
        // the auto-sync interval, edited and applied
        WebElement interval = $("#autosync-interval");
        assertThat(interval.getAttribute("value")).isEqualTo("3600");
        interval.clear();
        interval.sendKeys("120");
        $("#interval-btn").click();
        waitFor(5).until(ExpectedConditions.textToBePresentInElementLocated(By.id("autosync-note"), "every 2 min"));
        assertThat(nodeA.getBean(JdbcClient.class).sql("select setting_value from sync_settings"
                + " where setting_key = 'autoSyncInterval'").query(String.class).single()).isEqualTo("PT2M");
        // the configured secret wins: no joining another team from the page
        assertThat($("#pair-btn").isEnabled()).isFalse();
        shot("360-join-team", 360, "#pair-form");
        shot("360-peers-interval", 360, "#peers");
        driver.manage().window().setSize(new Dimension(1280, 900));
        // the login overlay (what another device sees on a 401 "login required"): a wrong code is refused in
        // words, the right one logs in (loopback needs no login, so it is opened by hand here)
        ((JavascriptExecutor) driver).executeScript("import('/js/api.js').then(m => m.login())"
                + ".then(() => { document.body.dataset.loggedIn = 'true'; })");
        waitFor(5).until(ExpectedConditions.visibilityOfElementLocated(By.id("login-code")));
        $("#login-code").sendKeys("WRONG-CODE");
        $("#login-btn").click();
        waitFor(5).until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "not this team"));
        shot("360-login", 360, "#login-form");
        driver.manage().window().setSize(new Dimension(1280, 900));
        $("#login-code").clear();
        $("#login-code").sendKeys(SECRET);
        $("#login-btn").click();
        waitFor(5).until(d -> "true".equals(((JavascriptExecutor) d).executeScript(
                "return document.body.dataset.loggedIn || null")));
        assertThat($("#login").isDisplayed()).isFalse();
        // forget the made-up peer again (the confirm dialog accepted)
        ((JavascriptExecutor) driver).executeScript("window.confirm = () => true");
        driver.findElement(known).findElement(By.cssSelector("button.danger")).click();
        waitFor(10).until(d -> d.findElements(known).isEmpty());
    }

    @Test
    @Order(4)
    void aTrackerFedOverTcpAppearsWithItsTrackOnTheMap() throws IOException {
        open(nodeA, "/");
        feedTracker(nodeA, TRACKER_A, 6, 53.612224, 86.890424);
        By row = By.cssSelector("#device-list button[aria-label='Show the track of " + TRACKER_A + "']");
        waitFor(15).until(ExpectedConditions.elementToBeClickable(row));
        waitFor(10).until(ExpectedConditions.textToBe(By.id("st-records"), "10"));
        driver.findElement(row).click();
        WebElement line = waitFor(10).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#map .leaflet-overlay-pane svg path.track-line")));
        assertThat(line.getAttribute("d")).matches("M[-0-9. ]+L.+");
        assertThat(driver.findElements(By.cssSelector("#map .leaflet-control-scale-line"))).isNotEmpty();
        waitFor(10).until(d -> d.findElements(By.cssSelector("#record-table tbody tr")).size() == 6);
        assertThat($("#track-summary").getText()).contains("6 positions");
        assertThat($("#dl-csv").getAttribute("href")).endsWith("/api/devices/" + TRACKER_A + "/records.csv");
        screenshots("1280", 1280);
        screenshots("360", 360);
        driver.manage().window().setSize(new Dimension(1280, 900));
    }

    @Test
    @Order(5)
    void exportThenImportAFileOnTheOtherNode() throws Exception {
        open(nodeA, "/");
        $("#export-link").click();
        Path file = downloads.resolve("galileo-export.json");
        waitFor(20).until(d -> Files.exists(file) && !Files.exists(downloads.resolve("galileo-export.json.crdownload")));
        assertThat(Files.readString(file)).contains(TRACKER_A);
        long before = records(nodeB);
        open(nodeB, "/");
        $("#import-file").sendKeys(file.toAbsolutePath().toString());
        $("#import-btn").click();
        waitFor(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("import-result"), "Import finished"));
        assertThat(records(nodeB)).isEqualTo(before + 6);
        waitFor(10).until(ExpectedConditions.textToBe(By.id("st-records"), "10"));
        waitFor(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("device-list"), TRACKER_A));
        shot("360-import-node-b", 360, "#data");
HttpResponse<byte[]> backup = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url(nodeB) + "/api/backup")).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(backup.statusCode()).as(new String(backup.body())).isEqualTo(200);
        assertThat(backup.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(new String(backup.body(), 0, 2)).isEqualTo("PK");
        driver.manage().window().setSize(new Dimension(1280, 900));
    }

    /** The full page at that width, and the main sections one by one. */
    private void screenshots(String prefix, int width) throws IOException {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        driver.manage().window().setSize(new Dimension(width, 900));
        js.executeScript("window.dispatchEvent(new Event('resize'))");
        sleep(400);
        long height = (Long) js.executeScript("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(width, (int) Math.min(height + 20, 12000)));
        js.executeScript("window.scrollTo(0, 0)");
        sleep(500);
        Files.write(SHOTS.resolve(prefix + "-page.png"), ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES));
        driver.manage().window().setSize(new Dimension(width, 900));
        for (String section : List.of("status", "peer-server", "connect", "peers", "trackers", "charts", "log", "data")) {
            shot(prefix + "-" + section, width, "#" + section);
        }
    }

    private void shot(String name, int width, String css) throws IOException {
        Dimension size = driver.manage().window().getSize();
        if (size.getWidth() != width) {
            driver.manage().window().setSize(new Dimension(width, 900));
            sleep(300);
        }
        WebElement element = $(css);
        // below the sticky header and section nav
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'start'});"
                + " window.scrollBy(0, -120)", element);
        sleep(150);
        Files.write(SHOTS.resolve(name + ".png"), element.getScreenshotAs(OutputType.BYTES));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A head packet, then one main packet of {@code count} valid fixes heading north-east, over real TCP. */
    private static void feedTracker(ConfigurableApplicationContext node, String imei, int count, double lat, double lon)
            throws IOException {
        int port = node.getBean(IngestServer.class).port();
        byte[] head = PacketEncoder.frame(GalileoFrame.HEAD_MAIN, concat(new byte[] {0x03}, imei.getBytes(),
                new byte[] {0x04, 0x32, 0x00}), true);
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        long now = System.currentTimeMillis() / 1000;
        for (int i = 0; i < count; i++) {
            payload.write(0x10);
            le(payload, i, 2);
            payload.write(0x20);
            le(payload, now - (count - i) * 60L, 4);
            payload.write(0x30);
            payload.write(0x08); // 8 satellites, valid fix
            le(payload, Math.round((lat + i * 0.0021) * 1e6), 4);
            le(payload, Math.round((lon + i * 0.0034 + (i % 2) * 0.001) * 1e6), 4);
            payload.write(0x33);
            le(payload, 420 + i * 15, 2); // 42.0 km/h and up
            le(payload, 450, 2); // 45.0°
            payload.write(0x34);
            le(payload, 180 + i, 2);
            payload.write(0x41);
            le(payload, 12_400 - i * 5, 2);
            payload.write(0x42);
            le(payload, 4_050, 2);
            payload.write(0x43);
            payload.write(21);
        }
        byte[] main = PacketEncoder.frame(GalileoFrame.HEAD_MAIN, payload.toByteArray(), true);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (byte[] frame : List.of(head, main)) {
                out.write(frame);
                out.flush();
                byte[] ack = in.readNBytes(3);
                assertThat(ack).hasSize(3);
                assertThat(ack[0]).isEqualTo((byte) 0x02);
                assertThat(ack[1]).isEqualTo(frame[frame.length - 2]);
            }
        }
    }

    private static void le(ByteArrayOutputStream out, long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (value >>> (8 * i)) & 0xFF);
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

}
