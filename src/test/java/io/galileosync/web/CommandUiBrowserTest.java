package io.galileosync.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.galileosync.ingest.CommandPacket;
import io.galileosync.ingest.IngestServer;
import io.galileosync.ingest.SimulatedTracker;
import io.galileosync.sync.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Commands from the page in a real headless browser, on a phone's screen, to a simulated tracker on a real TCP
 * connection to a real node: a common command picked, a text of one's own, each followed live until its reply
 * shows, a photo shown when it came; a text the protocol cannot carry refused in words. The screenshot goes to {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandUiBrowserTest {

    private static final String IMEI = "356000000033001";
    private static final Path SHOTS = Path.of("target", "screenshots");

    @TempDir
    static Path tmp;

    private TestNode node;
    private HeadlessChromium chrome;
    /** The tracker's side, answering while the page waits. */
    private final ExecutorService device = Executors.newSingleThreadExecutor();

    @BeforeAll
    void start() throws Exception {
        if (!Files.isExecutable(HeadlessChromium.CHROMIUM) || !Files.isExecutable(HeadlessChromium.CHROMEDRIVER)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("chromium and chromedriver are required on CI: apt-get install -y chromium chromium-driver");
            }
            Assumptions.assumeTrue(false, "no /usr/bin/chromium + /usr/bin/chromedriver: browser test skipped");
        }
        node = TestNode.start("field-laptop", tmp.resolve("node"));
        Files.createDirectories(SHOTS);
        chrome = new HeadlessChromium(Files.createDirectories(tmp.resolve("profile")),
                Files.createDirectories(tmp.resolve("downloads")), SHOTS, "Asia/Novosibirsk");
    }

    @AfterAll
    void stop() {
        device.shutdownNow();
        if (chrome != null) {
            chrome.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aCommandSentFromThePageShowsItsStateAndTheTrackersReply() throws Exception {
        String statusReply = "Dev:GalileoSky v5.1 INALL:in0=1 in1=0 Out=0000 Vpow=12.4V";
        try (SimulatedTracker tracker = SimulatedTracker.connect(node.bean(IngestServer.class).port(), IMEI)) {
            chrome.driver.get(node.url() + "/");
            waitFor(15).until(d -> "true".equals(chrome.js("return document.body.dataset.ready || null")));
            chrome.phone(); // once a page is there to lay out
            WebElement pick = chrome.driver.findElement(By.cssSelector(
                    "#device-list button[aria-label='Show the track of " + IMEI + "']"));
            pick.click();
            waitFor(10).until(ExpectedConditions.textToBe(By.id("track-h"), "Track of " + IMEI));
            assertThat(chrome.$("#cmd-form").isDisplayed()).as("the panel opens from one line").isFalse();
            WebElement summary = chrome.$("#commands summary");
            assertThat(summary.getText()).startsWith("Commands to " + IMEI);
            chrome.js("arguments[0].scrollIntoView({block: 'center'})", summary); // above the map it scrolled to
            summary.click();
            waitFor(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("cmd-list"),
                    "No commands to this tracker yet."));

            Future<CommandPacket> status = answer(tracker, statusReply);
            chrome.$("#commands [data-command=status]").click();
            waitFor(10).until(d -> firstState() != null); // queued at once, then live: sent, replied
            waitFor(40).until(d -> "replied".equals(firstState()));
            assertThat(status.get(10, TimeUnit.SECONDS).text()).isEqualTo("status");
            assertThat(chrome.$("#cmd-list li .reply").getText()).isEqualTo(statusReply);
            assertThat(chrome.$("#cmd-list li .meta").getText()).contains("sent").contains("by this device");
            assertThat(chrome.$("#cmd-summary").getText()).isEqualTo("last: status (replied)");

            Future<CommandPacket> custom = answer(tracker, "OUT(3..0) = 0010");
            type("#cmd-text", "Out 1,1");
            chrome.$("#cmd-send").click();
            waitFor(10).until(d -> chrome.all("#cmd-list li[data-state]").size() == 2);
            waitFor(40).until(d -> "replied".equals(firstState()));
            assertThat(custom.get(10, TimeUnit.SECONDS).text()).isEqualTo("Out 1,1");
            assertThat(chrome.$("#cmd-list li .text").getText()).isEqualTo("Out 1,1");
            assertThat(chrome.$("#cmd-list li .reply").getText()).isEqualTo("OUT(3..0) = 0010");
            assertThat(chrome.$("#cmd-text").getAttribute("value")).as("cleared once queued").isEmpty();

            Future<CommandPacket> photo = device.submit(() -> {
                CommandPacket command = tracker.awaitCommand(Duration.ofSeconds(40)).orElseThrow();
                tracker.reply(command.commandNumber(), "Photo ok");
                tracker.sendPhoto(SimulatedTracker.picture(new Random(33001), 160, 120), 990);
                return command;
            });
            chrome.$("#commands [data-command=photo]").click();
            waitFor(40).until(d -> (Boolean) chrome.js("const img = document.querySelector('#cmd-list li img.photo');"
                    + " return !!img && img.complete && img.naturalWidth === 160"));
            assertThat(photo.get(10, TimeUnit.SECONDS).text()).isEqualTo("Makephoto 1");
            assertThat(chrome.$("#cmd-list li .text").getText()).isEqualTo("Makephoto 1");

            type("#cmd-text", "Out 1,1 \u2713");
            chrome.$("#cmd-send").click();
            waitFor(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("cmd-error"), "CP1251"));
            assertThat(chrome.all("#cmd-list li[data-state]")).as("nothing queued").hasSize(3);
            assertThat(((Number) chrome.js("return document.documentElement.scrollWidth")).intValue())
                    .as("the panel fits a phone").isLessThanOrEqualTo(HeadlessChromium.PHONE_WIDTH);
            chrome.shot("commands-phone", "#commands");
        }
    }

    /** On the tracker's side: takes the next command (reporting until it comes) and replies to it. */
    private Future<CommandPacket> answer(SimulatedTracker tracker, String reply) {
        return device.submit(() -> {
            CommandPacket command = tracker.awaitCommand(Duration.ofSeconds(40)).orElseThrow();
            tracker.reply(command.commandNumber(), reply);
            return command;
        });
    }

    /** Read in one step: the list is redrawn as live updates come, so an element found may be gone a moment later. */
    private String firstState() {
        return (String) chrome.js("const li = document.querySelector('#cmd-list li[data-state]');"
                + " return li ? li.dataset.state : null;");
    }

    private void type(String css, String value) {
        WebElement input = chrome.$(css);
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        input.sendKeys(value);
    }

    private WebDriverWait waitFor(int seconds) {
        return new WebDriverWait(chrome.driver, Duration.ofSeconds(seconds), Duration.ofMillis(100));
    }
}
