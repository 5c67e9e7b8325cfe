package io.galileosync.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.galileosync.access.TeamSecret;
import io.galileosync.sync.TestNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The QR code's link ({@code …/#code=CODE}) on a phone in a real headless browser: on a node that asks other
 * devices to log in (here: loopback not trusted, so this browser is "another device"), the link logs in at
 * once and the code leaves the address bar and the history; where no login is needed and the link carries
 * another team's code, joining is offered and nothing changes until the person joins.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PairingLinkBrowserTest {

    private static final Path SHOTS = Path.of("target", "screenshots");

    @TempDir
    static Path tmp;

    /** A headless node: every browser must log in (generated pairing code, no configured secret). */
    private TestNode gateway;
    /** A node of another team, opened as the device itself (no login needed), free to join another team. */
    private TestNode laptop;
    private HeadlessChromium chrome;

    @BeforeAll
    void start() throws IOException {
        if (!Files.isExecutable(HeadlessChromium.CHROMIUM) || !Files.isExecutable(HeadlessChromium.CHROMEDRIVER)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("chromium and chromedriver are required on CI: apt-get install -y chromium chromium-driver");
            }
            Assumptions.assumeTrue(false, "no /usr/bin/chromium + /usr/bin/chromedriver: browser test skipped");
        }
        // one after the other: two contexts initializing logging at once race in Logback
        gateway = TestNode.start("link-gateway", tmp.resolve("gateway"), "galileo.sync.secret=",
                "galileo.api.loopback-trusted=false");
        laptop = TestNode.start("link-laptop", tmp.resolve("laptop"), "galileo.sync.secret=");
        Files.createDirectories(SHOTS);
        chrome = new HeadlessChromium(Files.createDirectories(tmp.resolve("profile")),
                Files.createDirectories(tmp.resolve("downloads")), SHOTS, "UTC");
    }

    @AfterAll
    void stop() {
        if (chrome != null) {
            chrome.close();
        }
        for (TestNode node : new TestNode[] {laptop, gateway}) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    @Order(1)
    void withoutTheCodeAnotherDeviceIsAskedToLogIn() {
        chrome.driver.get(gateway.url() + "/");
        chrome.phone(); // a page with its viewport rules first: a blank page is laid out 980 px wide on a phone
        waitFor(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("login-code")));
        assertThat(chrome.$("#st-name").getText()).isNotEqualTo("link-gateway");
    }

    @Test
    @Order(2)
    void theQrLinkLogsInInOneStepAndTheCodeLeavesTheAddressBarAndHistory() {
        String code = gateway.bean(TeamSecret.class).pairingCode();
        // as a person might type the link: lower case, spaces for dashes (the QR code has the stored form)
        String typed = code.toLowerCase().replace('-', ' ');
        open(gateway.url() + "/#code=" + typed.replace(" ", "%20"));
        assertThat(chrome.$("#login").isDisplayed()).as("no login asked").isFalse();
        assertThat(chrome.$("#st-name").getText()).isEqualTo("link-gateway");
        assertThat(chrome.$("#ps-code").getText()).isEqualTo(code);
        assertThat(chrome.driver.getCurrentUrl()).isEqualTo(gateway.url() + "/").doesNotContain("code");
        // the history has no entry with the code: going back leads to the page before the link
        chrome.driver.navigate().back();
        assertThat(chrome.driver.getCurrentUrl()).isEqualTo("about:blank");
        // the session stays: the page opened again without the link needs no login
        open(gateway.url() + "/");
        assertThat(chrome.$("#login").isDisplayed()).isFalse();
        assertThat(chrome.$("#st-name").getText()).isEqualTo("link-gateway");
    }

    @Test
    @Order(3)
    void aLinkWithAWrongCodeShowsTheLoginAndSaysWhy() {
        chrome.driver.manage().deleteAllCookies(); // a device without a session
        chrome.driver.get("about:blank");
        chrome.driver.get(gateway.url() + "/#code=NOT-THIS-TEAMS-CODE");
        waitFor(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"),
                "not this team's pairing code"));
        assertThat(chrome.driver.getCurrentUrl()).doesNotContain("code=");
    }

    @Test
    @Order(4)
    void aLoggedInPageOffersToJoinAnotherTeamsCodeAndChangesNothingUntilAsked() throws IOException {
        String own = laptop.bean(TeamSecret.class).pairingCode();
        String gatewayCode = gateway.bean(TeamSecret.class).pairingCode();
        assertThat(own).isNotEqualTo(gatewayCode);
        // its own code: nothing to offer
        open(laptop.url() + "/#code=" + own);
        assertThat(chrome.$("#pair-result").getText()).isEmpty();
        assertThat(chrome.driver.getCurrentUrl()).doesNotContain("code=");

        // the other team's code, as a link opened while the page shows (only the fragment changes)
        chrome.driver.get(laptop.url() + "/#code=" + gatewayCode);
        waitFor(15).until(ExpectedConditions.visibilityOfElementLocated(By.id("pair-link")));
        assertThat(chrome.$("#pair-result").getText()).contains("Join the link's team?")
                .contains("another team's pairing code");
        assertThat(chrome.driver.getCurrentUrl()).doesNotContain("code=");
        assertThat(laptop.bean(TeamSecret.class).pairingCode()).as("not switched silently").isEqualTo(own);
        assertThat((Boolean) chrome.js("const r = document.getElementById('pair-link').getBoundingClientRect();"
                + " return r.top >= 0 && r.bottom <= window.innerHeight")).as("the offer is in view").isTrue();
        chrome.shot("360-join-offer", "#pair-result");

        // declined at the confirmation: still its own team
        chrome.js("window.confirm = () => false");
        chrome.$("#pair-link").click();
        assertThat(laptop.bean(TeamSecret.class).pairingCode()).isEqualTo(own);
        // accepted, with the gateway's address to ask: joined its team
        chrome.js("window.confirm = () => true");
        chrome.$("#peer-url").sendKeys(gateway.url());
        chrome.$("#pair-link").click();
        waitFor(15).until(ExpectedConditions.textToBePresentInElementLocated(By.id("pair-result"),
                "Joined the team of link-gateway"));
        assertThat(laptop.bean(TeamSecret.class).pairingCode()).isEqualTo(gatewayCode);
    }

    /** A page loaded afresh (as a link opened from a QR code scan does), not a jump within the shown one. */
    private void open(String url) {
        chrome.driver.get("about:blank");
        chrome.driver.get(url);
        waitFor(15).until(d -> "true".equals(chrome.js("return document.body.dataset.ready || null")));
        assertThat(chrome.width()).as("a phone's screen").isEqualTo(HeadlessChromium.PHONE_WIDTH);
    }

    private WebDriverWait waitFor(int seconds) {
        return new WebDriverWait(chrome.driver, Duration.ofSeconds(seconds), Duration.ofMillis(100));
    }
}
