package io.galileosync.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.galileosync.GalileoSyncApplication;
import io.galileosync.discovery.DiscoveredPeers;
import io.galileosync.ingest.IngestServer;
import io.galileosync.sync.SyncService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The web UI in a real headless browser (Debian's chromium + chromedriver) against two real nodes in this JVM,
 * on an emulated phone (360 px) and laptop (1280 px) screen, in a time zone other than UTC: peer server, check
 * and sync (and a refusing peer's error in words), live record counts and sync log (idle auto-syncs counted on
 * one line), a tracker fed over TCP with its track, fix popups and records newest first, a map that keeps the
 * user's view on live updates unless following, a fleet of a hundred trackers to search, filter, sort and pick,
 * the offline map's graticule and scale, the charts' axes and legend, the layout, export and import.
 * Screenshots of every section at both widths go to {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiBrowserTest {

    private static final String SECRET = "ui-test-team-secret";
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static final String TRACKER_A = "861230043907626";
    private static final String TRACKER_B = "359633100458591";
    private static final double A_LAT = 53.612224;
    private static final double A_LON = 86.890424;
    /** Novosibirsk: UTC+7 all year, neither UTC nor (likely) the machine's zone. */
    private static final ZoneId ZONE = ZoneId.of("Asia/Novosibirsk");
    private static final String ZONE_LABEL = "UTC+7";
    private static final int FLEET = 100;
    private static final int FLEET_FIXES = 200;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm");
    private static final String VIEW = "return import('/js/app.js').then(m => { const map = m.tracks.map.map;"
            + " const c = map.getCenter(); return [map.getZoom(), c.lat, c.lng]; })";

    @TempDir
    static Path tmp;

    private ConfigurableApplicationContext nodeA;
    private ConfigurableApplicationContext nodeB;
    private HeadlessChromium chrome;
    private Path downloads;
    /** Fixes tracker A has sent so far. */
    private int aFixes;

    @BeforeAll
    void start() throws IOException {
        boolean browser = Files.isExecutable(HeadlessChromium.CHROMIUM) && Files.isExecutable(HeadlessChromium.CHROMEDRIVER);
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
        try (Stream<Path> old = Files.list(SHOTS)) {
            for (Path png : old.filter(p -> p.toString().endsWith(".png")).toList()) {
                Files.delete(png);
            }
        }
        downloads = Files.createDirectories(tmp.resolve("downloads"));
        chrome = new HeadlessChromium(Files.createDirectories(tmp.resolve("chrome-profile")), downloads, SHOTS,
                ZONE.getId());
    }

    @AfterAll
    void stop() {
        long t0 = System.nanoTime();
        if (chrome != null) {
            chrome.close();
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

    // ---------------------------------------------------------------- tests

    @Test
    @Order(1)
    void pageAndAssetsAreServedByTheJarAndTheNavReachesEverySection() {
        open(nodeA, "/mobile-peer-sync-ui.html");
        assertThat(chrome.driver.getTitle()).isEqualTo("Galileo Sync");
        open(nodeA, "/");
        assertThat(chrome.js("return typeof L + '/' + typeof uPlot")).isEqualTo("object/function");
        // no asset from anywhere else than this node
        @SuppressWarnings("unchecked")
        List<String> resources = (List<String>) chrome.js(
                "return performance.getEntriesByType('resource').map(e => e.name)");
        assertThat(resources).isNotEmpty().allSatisfy(r -> assertThat(r).startsWith(url(nodeA)));
        waitFor(10).until(ExpectedConditions.textToBe(By.id("st-name"), "field-laptop"));
        waitFor(10).until(ExpectedConditions.textToBe(By.id("live"), "Live"));
        assertThat($("#device-list").getText()).contains("No trackers yet: point a tracker at")
                .contains(":" + nodeA.getBean(IngestServer.class).port());
        assertThat($("#ps-qr").getAttribute("src")).contains("/api/node/qr.svg?text=");
        assertThat((Boolean) chrome.js("return document.getElementById('ps-qr').naturalWidth > 0")).isTrue();
        assertThat($("#st-zone").getText()).isEqualTo(ZONE_LABEL + ", " + ZONE.getId());
        // a link in the nav for every section
        assertThat(chrome.js("return [...document.querySelectorAll('main section[id]')].map(s => s.id)"
                + ".filter(id => !document.querySelector(`#sections a[href=\"#${id}\"]`))")).asList().isEmpty();
        assertThat($("#sections").getText()).contains("Peer server");
        assertThat($("#nav-more").isDisplayed()).as("laptop: the whole nav shows, no arrow").isFalse();

        chrome.phone();
        assertThat(number("return document.documentElement.scrollWidth")).isLessThanOrEqualTo(360);
        // a phone shows part of the nav, and says so: an arrow that scrolls to the rest
        assertThat(number("const n = document.getElementById('sections'); return n.scrollWidth - n.clientWidth"))
                .isPositive();
        assertThat($("#nav-more").isDisplayed()).isTrue();
        assertThat(covered("#sections a[href='#data']")).as("Data is out of sight at first").isTrue();
        for (int i = 0; i < 8 && $("#nav-more").isDisplayed(); i++) {
            $("#nav-more").click();
            sleep(400);
        }
        assertThat($("#nav-more").isDisplayed()).as("the arrow goes once the nav's end shows").isFalse();
        assertThat(covered("#sections a[href='#data']")).isFalse();
        chrome.laptop();
    }

    @Test
    @Order(2)
    void startPeerServerCheckAndSyncWithTheOtherNodeAndSeeRefusalsInWords() throws Exception {
        TrackerFeed.send(nodeB, TRACKER_B, 0, 4, 55.75, 37.61);
        assertThat(records(nodeB)).isEqualTo(4);
        chrome.phone();
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
        chrome.shot("360-check-peer", "#connect");
        // a button scrolled to the top of the view is below the sticky header, not under it
        chrome.js("document.getElementById('sync-peer').scrollIntoView({block: 'start'})");
        assertThat(covered("#sync-peer")).as("Sync under the header").isFalse();
        assertThat(number("return document.getElementById('sync-peer').getBoundingClientRect().top"))
                .isGreaterThanOrEqualTo(number("return document.getElementById('chrome').getBoundingClientRect().bottom"));

        $("#sync-peer").click();
        waitFor(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("connect-result"), "Sync finished"));
        assertThat($("#connect-result").getText()).contains("New records here\n4");
        assertThat(records(nodeA)).isEqualTo(4);
        // live, without reloading: the status count (SSE snapshot) and the sync log entry, in local time
        waitFor(10).until(ExpectedConditions.textToBe(By.id("st-records"), "4"));
        waitFor(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("log-list"), url(nodeB)));
        assertThat($("#log-list").getText()).contains("4 new").contains(localTime(nodeA.getBean(JdbcClient.class)
                .sql("select started_at from sync_log where outcome = 'success'").query(Long.class).single()));
        waitFor(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("peer-list"), "field-phone"));

        // a peer that is not there: the failure in words, and in the log
        $("#peer-url").clear();
        $("#peer-url").sendKeys("127.0.0.1:1");
        $("#sync-peer").click();
        waitFor(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("connect-result"), "could not be reached"));
        assertThat($("#connect-result").getText()).contains("connection refused").doesNotContain("java.net");
        chrome.shot("360-sync-failed", "#connect");
        waitFor(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("log-list"), "127.0.0.1:1"));

        // a peer that refuses: its problem detail (JSON) as a sentence, on the page, in the log, in the peer list
        post(nodeB, "/api/peer/stop");
        try {
            aRefusalInWords();
        } finally {
            post(nodeB, "/api/peer/start");
        }

        // a refusal cut short in the log (its column holds 1000 characters) still reads as a sentence
        assertThat(chrome.js("return import('/js/api.js').then(m => m.plainError(arguments[0]))",
                "peer http://10.0.0.5:3001 refused POST /peer/push with 413: {\"detail\":\"body larger than 33554432"
                        + " bytes\",\"instance\":\"/peer/pu"))
                .isEqualTo("Peer http://10.0.0.5:3001 refused POST /peer/push with 413: body larger than 33554432 bytes.");

        // the log filter
        select("#log-outcome", "success");
        waitFor(5).until(d -> !$("#log-list").getText().contains("127.0.0.1:1"));
        $("#log-filter").sendKeys("no-such-peer");
        waitFor(5).until(ExpectedConditions.textToBePresentInElementLocated(By.id("log-list"), "No log entry matches"));
        $("#log-filter").clear();
        $("#log-filter").sendKeys(" ");
        select("#log-outcome", "");
        waitFor(5).until(ExpectedConditions.textToBePresentInElementLocated(By.id("log-list"), "4 new"));
        chrome.laptop();
    }

    @Test
    @Order(3)
    void discoveredPeerIsAddedAndTheAutoSyncIntervalIsEdited() throws IOException {
        // a peer heard of (as the peer-address exchange reports them): listed with "Add"
        nodeA.getBean(DiscoveredPeers.class)
                .reported("00000000-0000-4000-8000-00000000c0de", "depot-tablet", "http://127.0.0.1:9");
        chrome.phone();
        open(nodeA, "/");
        By discovered = By.cssSelector("#peer-list .peer.discovered[data-url='http://127.0.0.1:9']");
        waitFor(10).until(ExpectedConditions.presenceOfElementLocated(discovered));
        assertThat(chrome.driver.findElement(discovered).getText()).contains("depot-tablet").contains("told by a peer");
        chrome.shot("360-peers-discovered", "#peers");
        chrome.driver.findElement(discovered).findElement(By.cssSelector("button.add-peer")).click();
        By known = By.cssSelector("#peer-list .peer:not(.discovered)[data-url='http://127.0.0.1:9']");
        waitFor(10).until(ExpectedConditions.presenceOfElementLocated(known));
        assertThat(chrome.driver.findElements(discovered)).isEmpty();
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
        chrome.shot("360-join-team", "#pair-form");
        chrome.shot("360-peers-interval", "#peers");
        // the login overlay (what another device sees on a 401 "login required"): a wrong code is refused in
        // words, the right one logs in (loopback needs no login, so it is opened by hand here)
        chrome.js("import('/js/api.js').then(m => m.login()).then(() => { document.body.dataset.loggedIn = 'true'; })");
        waitFor(5).until(ExpectedConditions.visibilityOfElementLocated(By.id("login-code")));
        $("#login-code").sendKeys("WRONG-CODE");
        $("#login-btn").click();
        waitFor(5).until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "not this team"));
        chrome.shot("360-login", "#login-form");
        $("#login-code").clear();
        $("#login-code").sendKeys(SECRET);
        $("#login-btn").click();
        waitFor(5).until(d -> "true".equals(chrome.js("return document.body.dataset.loggedIn || null")));
        assertThat($("#login").isDisplayed()).isFalse();
        // forget the made-up peer again (the confirm dialog accepted)
        chrome.js("window.confirm = () => true");
        chrome.driver.findElement(known).findElement(By.cssSelector("button.danger")).click();
        waitFor(10).until(d -> d.findElements(known).isEmpty());
        chrome.laptop();
    }

    @Test
    @Order(4)
    void aTrackerFedOverTcpShowsItsTrackFixesAndRecordsNewestFirstAndTheMapKeepsTheUsersView() throws IOException {
        open(nodeA, "/");
        sendA(120);
        By button = trackerButton(TRACKER_A);
        waitFor(15).until(ExpectedConditions.elementToBeClickable(button));
        waitFor(10).until(ExpectedConditions.textToBe(By.id("st-records"), "124"));
        chrome.driver.findElement(button).click();
        WebElement line = waitFor(10).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#map .leaflet-overlay-pane svg path.track-line")));
        assertThat(line.getAttribute("d")).matches("M[-0-9. ]+L.+");
        assertThat(chrome.all("#map .leaflet-control-scale-line")).isNotEmpty();
        waitFor(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("track-summary"), "120 positions"));
        assertThat($("#dl-csv").getAttribute("href")).endsWith("/api/devices/" + TRACKER_A + "/records.csv");

        // records: newest first, 50 a page, local time with the zone in the header, grouped by local day
        waitFor(10).until(d -> chrome.all("#record-table tbody tr.rec").size() == 50);
        assertThat($("#record-table th.time").getText()).isEqualTo("Time (" + ZONE_LABEL + ")");
        assertThat($("#rec-range").getText()).isEqualTo("1–50 of 120");
        assertThat(firstRecordTime()).isEqualTo(clock(TrackerFeed.time(119)));
        assertThat($("#record-table tbody tr").getText()).isEqualTo(day(TrackerFeed.time(119)));
        assertThat(chrome.all("#record-table thead th").stream().filter(WebElement::isDisplayed).map(WebElement::getText))
                .contains("Position", "km/h", "Supply V", "Sats", "No.");
        $("#rec-older").click();
        waitFor(10).until(ExpectedConditions.textToBe(By.id("rec-range"), "51–100 of 120"));
        assertThat(firstRecordTime()).isEqualTo(clock(TrackerFeed.time(69)));
        $("#rec-older").click();
        waitFor(10).until(ExpectedConditions.textToBe(By.id("rec-range"), "101–120 of 120"));
        assertThat(chrome.all("#record-table tbody tr.rec")).hasSize(20);
        assertThat($("#rec-older").isEnabled()).isFalse();
        $("#rec-newer").click();
        $("#rec-newer").click();
        waitFor(10).until(ExpectedConditions.textToBe(By.id("rec-range"), "1–50 of 120"));
        // on a phone: the columns that matter, no sideways scrolling
        chrome.phone();
        assertThat(chrome.all("#record-table thead th").stream().filter(WebElement::isDisplayed).map(WebElement::getText))
                .containsExactly("Time (" + ZONE_LABEL + ")", "Position", "km/h", "Supply V");
        assertThat(number("const s = document.querySelector('#record-table').parentElement; return s.scrollWidth - s.clientWidth"))
                .isLessThanOrEqualTo(0);
        chrome.laptop();

        // a fix's values in a popup, in the same local time
        $("#map path.track-last").click();
        WebElement popup = waitFor(5).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#map .leaflet-popup-content")));
        // read once the map has panned the popup into view: text outside it is not displayed, so not read
        waitFor(5).until(d -> !covered("#map .leaflet-popup-close-button"));
        assertThat(popup.getText()).contains(localTime(TrackerFeed.time(119)) + " " + ZONE_LABEL)
                .contains(String.format(Locale.ROOT, "%.1f km/h", TrackerFeed.speed(119)))
                .contains(String.format(Locale.ROOT, "%.6f, %.6f", TrackerFeed.latitude(A_LAT, 119),
                        TrackerFeed.longitude(A_LON, 119)))
                .contains("Record no.").contains("119");
        $("#map .leaflet-popup-close-button").click();

        // zoomed in and panned by the user: live records redraw the track but leave the view alone
        List<Number> fitted = view();
        zoomIn(2);
        new Actions(chrome.driver).dragAndDropBy($("#map"), -70, 40).perform();
        sleep(500);
        List<Number> mine = view();
        assertThat(mine.get(0).intValue()).isEqualTo(fitted.get(0).intValue() + 2);
        sendA(3);
        waitFor(15).until(ExpectedConditions.textToBePresentInElementLocated(By.id("track-summary"), "123 positions"));
        waitFor(10).until(ExpectedConditions.textToBe(By.id("rec-range"), "1–50 of 123"));
        sleep(500);
        assertThat(view()).isEqualTo(mine);
        assertThat(firstRecordTime()).isEqualTo(clock(TrackerFeed.time(122)));

        // "follow": the view moves to the newest fix, keeping the user's zoom
        $("#follow").click();
        waitFor(5).until(d -> offCentre(122) < 2);
        sendA(3);
        waitFor(15).until(ExpectedConditions.textToBePresentInElementLocated(By.id("track-summary"), "126 positions"));
        waitFor(5).until(d -> offCentre(125) < 2);
        assertThat(view().get(0).intValue()).isEqualTo(mine.get(0).intValue());
        $("#follow").click();
        assertThat($("#follow").isSelected()).isFalse();
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
        chrome.phone();
        open(nodeB, "/");
        $("#import-file").sendKeys(file.toAbsolutePath().toString());
        $("#import-btn").click();
        waitFor(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("import-result"), "Import finished"));
        assertThat(records(nodeB)).isEqualTo(before + aFixes);
        waitFor(10).until(ExpectedConditions.textToBe(By.id("st-records"), String.valueOf(records(nodeB))));
        waitFor(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("device-list"), TRACKER_A));
        chrome.shot("360-import-node-b", "#data");
        HttpResponse<byte[]> backup = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url(nodeB) + "/api/backup")).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(backup.statusCode()).as(new String(backup.body())).isEqualTo(200);
        assertThat(backup.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(new String(backup.body(), 0, 2)).isEqualTo("PK");
        chrome.laptop();
    }

    @Test
    @Order(6)
    void aHundredTrackersAreSearchedFilteredSortedAndPickedAndTheTrackComesIntoView() throws Exception {
        sendFleet();
        JdbcClient jdbc = nodeA.getBean(JdbcClient.class);
        long longAgo = System.currentTimeMillis() - 3 * 3600_000L;
        for (int i = 0; i < FLEET; i += 2) {
            jdbc.sql("update devices set last_seen = ? where imei = ?").params(longAgo, fleetImei(i)).update();
        }
        long devices = jdbc.sql("select count(*) from devices").query(Long.class).single();
        long online = jdbc.sql("select count(*) from devices where last_seen >= ?")
                .param(System.currentTimeMillis() - 5 * 60_000L).query(Long.class).single();
        assertThat(devices).isEqualTo(FLEET + 2);
        open(nodeA, "/");
        waitFor(10).until(d -> chrome.all("#device-list li").size() == devices);
        assertThat($("#dev-count").getText()).isEqualTo(devices + " trackers · " + online + " online");
        assertThat(chrome.all("#device-list .badge.online")).hasSize((int) online);
        // search
        type("#dev-search", "0042");
        waitFor(5).until(d -> chrome.all("#device-list li").size() == 1);
        assertThat($("#device-list li").getAttribute("data-imei")).isEqualTo(fleetImei(42));
        assertThat($("#dev-count").getText()).isEqualTo("1 of " + devices + " trackers · " + online + " online");
        type("#dev-search", "");
        // offline only
        select("#dev-show", "offline");
        waitFor(5).until(d -> chrome.all("#device-list li").size() == devices - online);
        assertThat(chrome.all("#device-list .badge.online")).isEmpty();
        select("#dev-show", "");
        // sorted by IMEI, and by last seen (the default)
        select("#dev-sort", "imei");
        waitFor(5).until(d -> jdbc.sql("select min(imei) from devices").query(String.class).single()
                .equals($("#device-list li").getAttribute("data-imei")));
        select("#dev-sort", "seen");
        waitFor(5).until(d -> jdbc.sql("select imei from devices order by last_seen desc, imei fetch first 1 row only")
                .query(String.class).single().equals($("#device-list li").getAttribute("data-imei")));

        // picked on a laptop: its track shows beside the list, in view
        pick(fleetImei(7));
        assertThat(mapInView()).as("map in view after picking a tracker (laptop)").isTrue();

        // picked on a phone, far down the list: the page scrolls to the track
        chrome.phone();
        $("#show-all").click();
        chrome.js("window.scrollTo(0, 0)");
        pick(fleetImei(98));
        assertThat(mapInView()).as("map in view after picking a tracker (phone)").isTrue();

        // all trackers at once, at their last fixes; a scale that fits at every zoom; a graticule with labels
        $("#show-all").click();
        long placed = jdbc.sql("select count(*) from devices where last_latitude is not null and last_longitude is not null")
                .query(Long.class).single();
        waitFor(10).until(d -> chrome.all("#map path.tracker-marker").size() == placed);
        sleep(400);
        // on a phone's 300 px map too, every tracker shows (the world fits at zoom 0)
        assertThat(chrome.js("const m = document.getElementById('map').getBoundingClientRect();"
                + " return [...document.querySelectorAll('#map path.tracker-marker')].filter(p => {"
                + " const r = p.getBoundingClientRect(); const x = r.left + r.width / 2, y = r.top + r.height / 2;"
                + " return x < m.left || x > m.right || y < m.top || y > m.bottom; }).length"))
                .as("markers outside the map after Show all").isEqualTo(0L);
        for (int i = 0; i < 20 && !$("#map .leaflet-control-zoom-out").getAttribute("class").contains("disabled"); i++) {
            assertScaleFits();
            $("#map .leaflet-control-zoom-out").click();
            sleep(350);
        }
        assertScaleFits();
        assertThat(view().get(0).intValue()).isZero();
        List<String> world = graticuleLabels();
        zoomIn(4);
        assertScaleFits();
        List<String> closer = graticuleLabels();
        assertThat(closer).isNotEqualTo(world);
        $("#fit-view").click();
        sleep(400);
        // a tracker's popup, and its track from there
        WebElement marker = topmostMarker();
        marker.click();
        WebElement popup = waitFor(5).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#map .leaflet-popup-content")));
        String imei = popup.findElement(By.cssSelector("strong")).getText();
        assertThat(popup.getText()).contains("Seen ").contains(ZONE_LABEL).contains("Show its track");
        popup.findElement(By.cssSelector("button.show-track")).click();
        waitFor(5).until(ExpectedConditions.textToBe(By.id("track-h"), "Track of " + imei));

        // Leaflet's controls pass under the sticky header and nav, not over them
        chrome.laptop();
        for (String part : List.of(".top", ".nav-wrap")) {
            chrome.js("const c = document.querySelector('#map .leaflet-control-zoom').getBoundingClientRect();"
                    + " const h = document.querySelector(arguments[0]).getBoundingClientRect();"
                    + " window.scrollBy(0, (c.top + c.height / 2) - (h.top + h.height / 2))", part);
            sleep(200);
            assertThat(chrome.js("const c = document.querySelector('#map .leaflet-control-zoom').getBoundingClientRect();"
                    + " const h = document.querySelector(arguments[0]).getBoundingClientRect(); const y = c.top + c.height / 2;"
                    + " if (y < h.top || y > h.bottom) return 'not under it: ' + y;"
                    + " const hit = document.elementFromPoint(c.left + c.width / 2, y);"
                    + " return hit && hit.closest('#chrome') ? 'header' : hit && hit.className", part))
                    .as("what shows over the zoom control under %s", part).isEqualTo("header");
        }
    }

    @Test
    @Order(7)
    void chartsShowWholeLabelsRoomyTimesTheNewestValuesAndPeersThatOnlyFailed() {
        open(nodeA, "/");
        waitFor(10).until(d -> chrome.all("#chart-ingest canvas").size() == 1);
        waitFor(10).until(d -> number("return import('/js/app.js').then(m => Math.max(...m.charts.ingest.data[1]))")
                >= FLEET * FLEET_FIXES / 2);
        assertChartsReadable();
        // the legend shows the newest minute without a pointer over the chart (a touch screen never hovers)
        @SuppressWarnings("unchecked")
        List<Object> legend = (List<Object>) chrome.js("return import('/js/app.js').then(m => { const u = m.charts.ingest;"
                + " return [[...document.querySelectorAll('#chart-ingest .u-legend .u-value')].map(e => e.textContent),"
                + " u.data[0].at(-1), new Intl.NumberFormat().format(u.data[1].at(-1)), new Intl.NumberFormat().format(u.data[2].at(-1))]; })");
        @SuppressWarnings("unchecked")
        List<String> values = (List<String>) legend.get(0);
        long minute = ((Number) legend.get(1)).longValue();
        assertThat(values).doesNotContain("--", "")
                .containsExactly(Instant.ofEpochSecond(minute).atZone(ZONE).format(MINUTE), (String) legend.get(2),
                        (String) legend.get(3));
        assertThat($("#charts .chart-zone").getText()).isEqualTo(ZONE_LABEL);
        // a peer that only ever failed has no bar: it is listed, and said to be left out
        WebElement failed = $("#volume-table tr.left-out[data-peer='http://127.0.0.1:1']");
        assertThat(failed.findElement(By.cssSelector(".note")).getText())
                .isEqualTo("1 sync, 1 failed; not in the chart: nothing exchanged");
        assertThat(number("return import('/js/app.js').then(m => m.charts.volume.data[0].length)"))
                .isEqualTo(chrome.all("#volume-table tbody tr:not(.left-out)").size()).isPositive();
        chrome.phone();
        sleep(300);
        assertChartsReadable();
        chrome.laptop();
    }

    @Test
    @Order(8)
    void autoSyncsWithNothingNewAreCountedOnOneLine() {
        open(nodeA, "/");
        SyncService sync = nodeA.getBean(SyncService.class);
        List<SyncService.SyncResult> results = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            results.add(sync.sync(url(nodeB), "auto"));
        }
        int idle = 0;
        for (int i = results.size() - 1; i >= 0 && isIdle(results.get(i)); i--) {
            idle++;
        }
        assertThat(results.get(0).sentRecords()).as("the first sends the fleet").isPositive();
        assertThat(idle).isGreaterThanOrEqualTo(10);
        // the streak is one row of the log: when its first sync started, and how many it stands for
        var streak = nodeA.getBean(JdbcClient.class).sql("select started_at, checks from sync_log where peer_url = ?"
                        + " and trigger_kind = 'auto' order by id desc fetch first 1 row only")
                .param(url(nodeB)).query().singleRow();
        assertThat(((Number) streak.get("CHECKS")).intValue()).isEqualTo(idle);
        long oldestIdle = ((Number) streak.get("STARTED_AT")).longValue();
        By run = By.cssSelector("#log-list li.idle-run[data-peer='" + url(nodeB) + "']");
        String expected = "no new records since " + shortTime(oldestIdle) + ", " + idle + " checks";
        waitFor(15).until(ExpectedConditions.textToBePresentInElementLocated(run, expected));
        assertThat(chrome.driver.findElements(run)).hasSize(1);
        long autoLines = chrome.all("#log-list li").stream()
                .filter(li -> li.getText().contains(url(nodeB)) && li.getText().contains("· auto")).count();
        assertThat(autoLines).as("the sending sync, then one line for the idle ones").isEqualTo(2);
    }

    @Test
    @Order(9)
    void aLaptopShowsTrackersAndTheMapAtTheTopAndCardsWithoutHoles() {
        open(nodeA, "/");
        chrome.js("window.scrollTo(0, 0)");
        assertThat(number("return document.getElementById('trackers').getBoundingClientRect().top"))
                .isLessThan(HeadlessChromium.LAPTOP_HEIGHT / 2);
        assertThat(number("return document.getElementById('map').getBoundingClientRect().top"))
                .isLessThan(HeadlessChromium.LAPTOP_HEIGHT / 2);
        // above every card: the card it follows, a grid gap away, or the top of the page
        @SuppressWarnings("unchecked")
        List<String> holes = (List<String>) chrome.js("""
                const cards = [...document.querySelectorAll('main .card')].map(c => [c.id, c.getBoundingClientRect()]);
                const top = document.querySelector('main').getBoundingClientRect().top;
                return cards.flatMap(([id, r]) => {
                  const above = cards.filter(([, o]) => o.bottom <= r.top + 1 && o.left < r.right - 1 && o.right > r.left + 1);
                  const gap = r.top - (above.length ? Math.max(...above.map(([, o]) => o.bottom)) : top);
                  return gap > 20 ? [`${id}: ${Math.round(gap)} px empty above`] : [];
                });""");
        assertThat(holes).isEmpty();
    }

    @Test
    @Order(10)
    void screenshotsOfEverySectionWithDataOnAPhoneAndALaptop() throws IOException {
        for (String width : List.of("360", "1280")) {
            if (width.equals("360")) {
                chrome.phone();
            } else {
                chrome.laptop();
            }
            open(nodeA, "/");
            waitFor(10).until(d -> !chrome.all("#map path.tracker-marker").isEmpty());
            waitFor(10).until(d -> !chrome.all("#chart-ingest canvas").isEmpty());
            sleep(500);
            chrome.page(width + "-page");
            for (String section : List.of("status", "peer-server", "connect", "peers", "log", "charts", "data")) {
                chrome.shot(width + "-" + section, "#" + section);
            }
            chrome.shot(width + "-trackers-all", "#trackers");
            // a track, zoomed in by the user, after live updates; a fix's popup open
            pick(TRACKER_A);
            zoomIn(2);
            List<Number> mine = view();
            int expected = aFixes + 2;
            sendA(2);
            waitFor(15).until(ExpectedConditions.textToBePresentInElementLocated(By.id("track-summary"),
                    expected + " positions"));
            assertThat(view()).isEqualTo(mine);
            assertThat(chrome.js("const box = document.getElementById('device-list');"
                    + " const li = box.querySelector('li.selected'); return li.offsetTop >= box.scrollTop"
                    + " && li.offsetTop + li.offsetHeight <= box.scrollTop + box.clientHeight"))
                    .as("the picked tracker, re-sorted as it reports, still shows in the list").isEqualTo(true);
            clickFixNearCentre();
            waitFor(5).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#map .leaflet-popup-content")));
            sleep(400);
            chrome.shot(width + "-trackers-track", "#trackers");
        }
        chrome.laptop();
    }

    // ---------------------------------------------------------------- checks

    /** A sync with a peer whose peer server is stopped: its problem detail (JSON) becomes a sentence. */
    private void aRefusalInWords() throws IOException {
        $("#peer-url").clear();
        $("#peer-url").sendKeys(url(nodeB));
        $("#sync-peer").click();
        waitFor(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("connect-result"), "closed to peers"));
        assertThat($("#connect-result").getText()).contains("press Start")
                .contains("503 Service Unavailable: this node is closed to peers.")
                .doesNotContain("{").doesNotContain("\":").doesNotContain("properties").doesNotContain("null");
        chrome.shot("360-sync-refused", "#connect");
        By refusal = By.xpath("//ol[@id='log-list']/li[contains(@class, 'failure') and contains(., '" + url(nodeB) + "')]");
        waitFor(10).until(ExpectedConditions.presenceOfElementLocated(refusal));
        assertThat(chrome.driver.findElement(refusal).getText()).contains("closed to peers").doesNotContain("{")
                .doesNotContain("properties");
        By peer = By.cssSelector("#peer-list .peer[data-url='" + url(nodeB) + "']");
        waitFor(10).until(ExpectedConditions.textToBePresentInElementLocated(peer, "closed to peers"));
        assertThat(chrome.driver.findElement(peer).getText()).doesNotContain("{").doesNotContain("properties");
    }

    /** The y axis' labels are whole (no ink at the canvas' left edge) and the x labels keep apart. */
    private void assertChartsReadable() {
        @SuppressWarnings("unchecked")
        List<Object> y = (List<Object>) chrome.js("return import('/js/app.js').then(m => { const u = m.charts.ingest;"
                + " const c = document.querySelector('#chart-ingest canvas'); const px = c.getContext('2d')"
                + ".getImageData(0, 0, 60, c.height).data; let edge = 0, labels = 0;"
                + " for (let row = 0; row < c.height; row++) for (let x = 0; x < 60; x++) {"
                + "   const a = px[(row * 60 + x) * 4 + 3]; if (a > 40) { if (x < 2) edge++; else labels++; } }"
                + " return [u.axes[1]._values, edge, labels]; })");
        @SuppressWarnings("unchecked")
        List<String> labels = (List<String>) y.get(0);
        assertThat(labels).anySatisfy(l -> assertThat(l).hasSizeGreaterThanOrEqualTo("10,000".length()));
        assertThat(((Number) y.get(1)).intValue()).as("ink at the left edge: a cut y label").isZero();
        assertThat(((Number) y.get(2)).intValue()).as("ink of the y labels").isPositive();
        @SuppressWarnings("unchecked")
        List<List<Number>> x = (List<List<Number>>) chrome.js("return import('/js/app.js').then(m => { const u = m.charts.ingest;"
                + " const a = u.axes[0]; u.ctx.font = a.font[0];"
                + " return a._splits.map((s, i) => [u.valToPos(s, 'x'), u.ctx.measureText(a._values[i]).width / devicePixelRatio])"
                + ".filter((p, i) => a._values[i] !== '' && p[0] >= 0 && p[0] <= u.bbox.width / devicePixelRatio); })");
        assertThat(x).as("x labels").hasSizeGreaterThanOrEqualTo(2);
        for (int i = 1; i < x.size(); i++) {
            double apart = x.get(i).get(0).doubleValue() - x.get(i - 1).get(0).doubleValue();
            double widths = (x.get(i).get(1).doubleValue() + x.get(i - 1).get(1).doubleValue()) / 2;
            assertThat(apart - widths).as("space between x labels %d and %d at %d px", i - 1, i, chrome.width())
                    .isGreaterThanOrEqualTo(24);
        }
    }

    private void assertScaleFits() {
        @SuppressWarnings("unchecked")
        List<Object> scale = (List<Object>) chrome.js("const e = document.querySelector('#map .leaflet-control-scale-line');"
                + " const r = document.createRange(); r.selectNodeContents(e);"
                + " return [e.textContent, r.getBoundingClientRect().width, e.clientWidth];");
        assertThat(((Number) scale.get(1)).doubleValue()).as("width of the scale's label '%s'", scale.get(0))
                .isLessThanOrEqualTo(((Number) scale.get(2)).doubleValue());
    }

    /** The graticule's labels, each checked to lie within the map's view; at least two of each kind. */
    private List<String> graticuleLabels() {
        @SuppressWarnings("unchecked")
        List<Object> seen = (List<Object>) chrome.js("return import('/js/app.js').then(m => { const b = m.tracks.map.map.getBounds();"
                + " return [[...document.querySelectorAll('#map .graticule-label')].map(e => e.className + '|' + e.textContent),"
                + " b.getSouth(), b.getNorth(), b.getWest(), b.getEast()]; })");
        @SuppressWarnings("unchecked")
        List<String> labels = (List<String>) seen.get(0);
        double south = ((Number) seen.get(1)).doubleValue();
        double north = ((Number) seen.get(2)).doubleValue();
        double west = ((Number) seen.get(3)).doubleValue();
        double east = ((Number) seen.get(4)).doubleValue();
        String where = "labels %s in %s".formatted(labels, seen.subList(1, 5));
        assertThat(labels.stream().filter(l -> l.contains(" lat|"))).as(where).hasSizeGreaterThanOrEqualTo(2);
        assertThat(labels.stream().filter(l -> l.contains(" lon|"))).as(where).hasSizeGreaterThanOrEqualTo(2);
        for (String label : labels) {
            String text = label.substring(label.indexOf('|') + 1);
            double value = Double.parseDouble(text.replaceAll("[°NSEW]", ""))
                    * (text.endsWith("S") || text.endsWith("W") ? -1 : 1);
            if (label.contains(" lat|")) {
                assertThat(value).as(text).isBetween(south, north);
            } else {
                assertThat(IntStream.rangeClosed(-2, 2).mapToDouble(k -> value + 360 * k)
                        .anyMatch(v -> v >= west && v <= east)).as("%s in %f..%f", text, west, east).isTrue();
            }
        }
        return labels;
    }

    /** The map is on screen below the sticky header, and nothing covers its centre. */
    private boolean mapInView() {
        return (Boolean) chrome.js("const m = document.getElementById('map').getBoundingClientRect();"
                + " const top = document.getElementById('chrome').getBoundingClientRect().bottom;"
                + " const hit = document.elementFromPoint(m.left + m.width / 2, m.top + m.height / 2);"
                + " return m.top >= top - 1 && m.bottom <= window.innerHeight + 1 && !!hit && !!hit.closest('#map');");
    }

    /** Whether something else is drawn at the element's centre (it is covered, or out of sight). */
    private boolean covered(String css) {
        return !(Boolean) chrome.js("const e = document.querySelector(arguments[0]); const r = e.getBoundingClientRect();"
                + " const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);"
                + " return !!hit && (hit === e || e.contains(hit));", css);
    }

    /** Pixels between the map's centre and tracker A's fix {@code i}. */
    private double offCentre(int i) {
        return number("return import('/js/app.js').then(m => { const map = m.tracks.map.map;"
                + " const p = map.latLngToContainerPoint([arguments[0], arguments[1]]); const s = map.getSize();"
                + " return Math.hypot(p.x - s.x / 2, p.y - s.y / 2); })",
                TrackerFeed.latitude(A_LAT, i), TrackerFeed.longitude(A_LON, i));
    }

    // ---------------------------------------------------------------- helpers

    private void pick(String imei) {
        WebElement button = chrome.driver.findElement(trackerButton(imei));
        chrome.js("arguments[0].scrollIntoView({block: 'nearest'})", button);
        button.click();
        waitFor(10).until(ExpectedConditions.textToBe(By.id("track-h"), "Track of " + imei));
        waitFor(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("track-summary"), "positions"));
        sleep(300);
    }

    /** Clicks the map on the track's fix nearest to the map's centre (the fixes are drawn on a canvas). */
    private void clickFixNearCentre() {
        @SuppressWarnings("unchecked")
        List<Number> at = (List<Number>) chrome.js("return import('/js/app.js').then(m => { const t = m.tracks.map;"
                + " const s = t.map.getSize(); const p = t.fixes.map(f => t.map.latLngToContainerPoint(f.at))"
                + ".sort((a, b) => a.distanceTo([s.x / 2, s.y / 2]) - b.distanceTo([s.x / 2, s.y / 2]))[0];"
                + " return [p.x - s.x / 2, p.y - s.y / 2]; })");
        new Actions(chrome.driver).moveToElement($("#map"), at.get(0).intValue(), at.get(1).intValue()).click().perform();
    }

    private static By trackerButton(String imei) {
        return By.cssSelector("#device-list button[aria-label='Show the track of " + imei + "']");
    }

    /** A tracker marker that no other marker covers. */
    private WebElement topmostMarker() {
        Number index = (Number) chrome.js("const m = document.getElementById('map').getBoundingClientRect();"
                + " return [...document.querySelectorAll('#map path.tracker-marker')].findIndex(p => {"
                + "   const r = p.getBoundingClientRect(); const x = r.left + r.width / 2, y = r.top + r.height / 2;"
                + "   return x > m.left + 60 && x < m.right - 60 && y > m.top + 60 && y < m.bottom - 40"
                + "     && document.elementFromPoint(x, y) === p; })");
        assertThat(index.intValue()).as("a marker nothing covers").isNotNegative();
        return chrome.all("#map path.tracker-marker").get(index.intValue());
    }

    private void zoomIn(int steps) {
        for (int i = 0; i < steps; i++) {
            int zoom = view().get(0).intValue();
            $("#map .leaflet-control-zoom-in").click();
            waitFor(5).until(d -> view().get(0).intValue() == zoom + 1);
            sleep(300);
        }
    }

    @SuppressWarnings("unchecked")
    private List<Number> view() {
        return (List<Number>) chrome.js(VIEW);
    }

    private String firstRecordTime() {
        return $("#record-table tbody tr.rec td.time").getText();
    }

    private void sendA(int count) throws IOException {
        TrackerFeed.send(nodeA, TRACKER_A, aFixes, count, A_LAT, A_LON);
        aFixes += count;
    }

    /** A hundred trackers around the world, {@link #FLEET_FIXES} fixes each, four connections at a time. */
    private void sendFleet() throws Exception {
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < FLEET; i++) {
                int n = i;
                sent.add(pool.submit(() -> {
                    TrackerFeed.send(nodeA, fleetImei(n), 0, FLEET_FIXES, -55 + (n * 37) % 120, -170 + (n * 83) % 340);
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        System.err.printf("fleet of %d trackers x %d fixes sent in %d ms%n", FLEET, FLEET_FIXES,
                (System.nanoTime() - t0) / 1_000_000);
    }

    private static String fleetImei(int i) {
        return "35%013d".formatted(i);
    }

    private static boolean isIdle(SyncService.SyncResult r) {
        return r.newRecords() == 0 && r.sentRecords() == 0 && r.conflicts() == 0;
    }

    private static String clock(long epochSecond) {
        return Instant.ofEpochSecond(epochSecond).atZone(ZONE).format(CLOCK);
    }

    private static String day(long epochSecond) {
        return Instant.ofEpochSecond(epochSecond).atZone(ZONE).format(DAY);
    }

    private static String localTime(long epochSecond) {
        return day(epochSecond) + " " + clock(epochSecond);
    }

    /** Milliseconds as the page writes a time without seconds: HH:MM today, else with the date. */
    private static String shortTime(long epochMs) {
        var t = Instant.ofEpochMilli(epochMs).atZone(ZONE);
        return t.toLocalDate().equals(LocalDate.now(ZONE)) ? t.format(MINUTE) : t.format(DAY) + " " + t.format(MINUTE);
    }

    private static String localTime(Long epochMs) {
        return localTime(epochMs / 1000);
    }

    private void open(ConfigurableApplicationContext node, String path) {
        int width = chrome.width();
        chrome.driver.get(url(node) + path);
        waitFor(15).until(d -> "true".equals(chrome.js("return document.body.dataset.ready || null")));
        assertThat(chrome.width()).as("the emulated screen survives loading a page").isEqualTo(width);
    }

    private WebDriverWait waitFor(int seconds) {
        return new WebDriverWait(chrome.driver, Duration.ofSeconds(seconds), Duration.ofMillis(100));
    }

    private WebElement $(String css) {
        return chrome.$(css);
    }

    private double number(String script, Object... args) {
        return ((Number) chrome.js(script, args)).doubleValue();
    }

    private void select(String css, String value) {
        chrome.js("const s = document.querySelector(arguments[0]); s.value = arguments[1];"
                + " s.dispatchEvent(new Event('change', {bubbles: true}))", css, value);
    }

    private void type(String css, String value) {
        WebElement input = $(css);
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        if (!value.isEmpty()) {
            input.sendKeys(value);
        }
    }

    private static void post(ConfigurableApplicationContext node, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url(node) + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static String url(ConfigurableApplicationContext node) {
        return "http://127.0.0.1:" + node.getEnvironment().getProperty("local.server.port");
    }

    private static long records(ConfigurableApplicationContext node) {
        return node.getBean(JdbcClient.class).sql("select count(*) from records").query(Long.class).single();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
