package dev.evedmv.web;

import static dev.evedmv.testing.KillmailFixtures.attacker;
import static dev.evedmv.testing.KillmailFixtures.killmail;
import static dev.evedmv.testing.KillmailFixtures.victim;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.evedmv.api.HttpServer;
import dev.evedmv.ops.OpsPage;
import dev.evedmv.ops.PerformanceStats;
import dev.evedmv.ingest.KillmailWriter;
import dev.evedmv.killmail.DerivedKillmail;
import dev.evedmv.names.Name;
import dev.evedmv.names.NameStore;
import dev.evedmv.health.Health;
import dev.evedmv.ops.HealthChecks;
import dev.evedmv.health.Readiness;
import dev.evedmv.testing.KillmailFixtures;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/**
 * The pages in headless Chromium (Debian's {@code chromium} and {@code chromedriver}; without them
 * every test here fails): one browser session walks home, search, a pilot's page, a killmail, an
 * empty page, the live feed and the health JSON, and saves screenshots under
 * {@code target/screenshots/}.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebPagesBrowserTest {
    private static final Path SCREENSHOTS = HeadlessChromium.SCREENSHOTS;
    static final long VERA = 95_100_001L, OSKAR = 95_100_002L, TOM = 95_100_003L, NAMELESS = 95_100_004L;
    static final long VOID_RUNNERS = 98_100_001L, TARGET_CORP = 98_100_002L, NPC_CORP = 1_000_125L;
    static final long NIGHT_ALLIANCE = 99_100_001L;
    static final int RIFTER = 587, MACHARIEL = 17738, NPC_SHIP = 23707;
    static final int JITA = 30000142, THE_FORGE = 10000002;
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    /** Vera's kills: 30 in a row plus the killmail 2000. */
    static final int VERA_KILLS = 31;
    static final int VERA_LOSSES = 3;

    private TestDatabase db;
    private HttpServer server;
    private ChromeDriver driver;
    private WebDriverWait wait;
    private String base;

    @BeforeAll
    void start(TestDatabase db) throws IOException {
        this.db = db;
        new KillmailWriter(db.database(), CLOCK).write(killmails(), "test", KillmailWriter.InTransaction.NOTHING);
        new NameStore(db.database()).upsert(List.of(
                new Name(VERA, "character", "Vera Valkyrie"), new Name(OSKAR, "character", "Oskar Orbit"),
                new Name(TOM, "character", "Tom Target"), new Name(VOID_RUNNERS, "corporation", "Void Runners"),
                new Name(TARGET_CORP, "corporation", "Target Corp"),
                new Name(NIGHT_ALLIANCE, "alliance", "Night Alliance")));
        db.jdbi().useHandle(h -> h.execute("""
                INSERT INTO sde_categories (category_id, name) VALUES (6, 'Ship'), (7, 'Module'), (11, 'Entity');
                INSERT INTO sde_groups (group_id, category_id, name) VALUES
                    (25, 6, 'Frigate'), (27, 6, 'Battleship'), (74, 7, 'Hybrid Weapon'), (288, 11, 'Rats');
                INSERT INTO sde_types (type_id, group_id, name) VALUES
                    (587, 25, 'Rifter'), (17738, 27, 'Machariel'), (23707, 288, 'Guristas Rat'),
                    (2488, 74, 'Light Neutron Blaster II');
                INSERT INTO sde_regions (region_id, name) VALUES (10000043, 'Domain'), (10000002, 'The Forge');
                INSERT INTO sde_systems (system_id, constellation_id, region_id, name, security) VALUES
                    (30002187, 20000322, 10000043, 'Amamake', 0.4), (30000142, 20000020, 10000002, 'Jita', 0.9)"""));
        new dev.evedmv.ops.PartitionManager(db.database(), CLOCK).ensureAhead(3);
        db.jdbi().useHandle(h -> h.execute("ANALYZE"));
        Readiness readiness = new Readiness(db.database(), List.of());
        HealthChecks health = new HealthChecks(db.database(), readiness, CLOCK, HealthChecks.Thresholds.DEFAULT);
        server = HttpServer.builder().port(0).readiness(readiness).registry(db.registry()).webjars(true)
                .routes(new KillmailStream(db.database(), Duration.ofMillis(200)), new WebPages())
                .routes(app -> {
                    app.get("/health", ctx -> {
                        Health h = health.run();
                        ctx.status(h.status() == Health.Status.FAIL ? 503 : 200).json(h.toJson());
                    });
                    OpsPage ops = new OpsPage(db.database(), health::run, new PerformanceStats(db.database(),
                            db.registry()), CLOCK);
                    app.get("/ops", ctx -> ctx.contentType("text/html; charset=utf-8").result(ops.render()));
                })
                .routes(HeadlessChromium.apiRoutes(db.database(), CLOCK).toArray(HttpServer.Routes[]::new))
                .start();
        base = "http://127.0.0.1:" + server.port();

        driver = HeadlessChromium.start(2200);
        wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    @AfterAll
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    static List<DerivedKillmail> killmails() {
        List<DerivedKillmail> all = new ArrayList<>();
        Instant newest = Instant.parse("2026-11-27T08:00:00Z");
        for (int i = 0; i < 30; i++) {
            Instant when = newest.minus(Duration.ofDays(5L * i)).plus(Duration.ofHours((7L * i) % 24));
            KillmailFixtures.Builder b = killmail(1000 + i, when.toString())
                    .victim(victim(i % 2 == 0 ? TOM : NAMELESS, TARGET_CORP, null, RIFTER))
                    .attacker(attacker(VERA, VOID_RUNNERS, NIGHT_ALLIANCE, MACHARIEL, true))
                    .value(Long.toString(10_000_000L * (i + 1)));
            if (i % 3 == 0) {
                b.attacker(attacker(OSKAR, VOID_RUNNERS, NIGHT_ALLIANCE, RIFTER, false));
            }
            if (i % 4 == 0) {
                b.system(JITA, THE_FORGE);
            }
            all.add(b.build());
        }
        String[] lossTimes = {"2026-11-20T20:00:00Z", "2026-10-10T21:00:00Z", "2026-09-01T19:00:00Z"};
        for (int i = 0; i < lossTimes.length; i++) {
            all.add(killmail(1100 + i, lossTimes[i]).victim(victim(VERA, VOID_RUNNERS, NIGHT_ALLIANCE, RIFTER))
                    .attacker(attacker(TOM, TARGET_CORP, null, MACHARIEL, true)).value("30000000").build());
        }
        all.add(killmail(2000, "2026-11-27T11:00:00Z").victim(victim(TOM, TARGET_CORP, null, MACHARIEL))
                .attacker(attacker(VERA, VOID_RUNNERS, NIGHT_ALLIANCE, MACHARIEL, true))
                .attacker(attacker(OSKAR, VOID_RUNNERS, NIGHT_ALLIANCE, RIFTER, false))
                .attacker(attacker(null, NPC_CORP, null, NPC_SHIP, false))
                .labels("tz:au", "cat:6", "#:2+", "pvp", "loc:lowsec")
                .value("250000000").build());
        return all;
    }

    @Test
    @Order(1)
    void homeSearchFindsThePilotAndLinksToHisPage() throws IOException {
        driver.get(base + "/");
        assertThat(driver.getTitle()).contains("eve-dmv");
        WebElement topPilots = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("section[data-kind='character'] table")));
        assertThat(topPilots.findElement(By.cssSelector("tbody tr a")).getText()).isEqualTo("Vera Valkyrie");
        assertThat(driver.findElements(By.cssSelector("section[data-kind] th[scope='col']"))).isNotEmpty();

        WebElement input = driver.findElement(By.cssSelector("label[for='q'] + input#q"));
        input.sendKeys("Vera", Keys.ENTER);
        WebElement result = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#results-list a[href='/characters/" + VERA + "']")));
        assertThat(result.getText()).isEqualTo("Vera Valkyrie");
        screenshot("home.png");

        // keyboard: from the input, Tab reaches the button, then the first result
        input.sendKeys(Keys.TAB);
        driver.switchTo().activeElement().sendKeys(Keys.TAB);
        assertThat(driver.switchTo().activeElement().getAttribute("href")).endsWith("/characters/" + VERA);
        driver.switchTo().activeElement().sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBe(By.id("entity-name"), "Vera Valkyrie"));
        assertThat(driver.getCurrentUrl()).endsWith("/characters/" + VERA);
        assertNoScriptErrors();
    }

    @Test
    @Order(2)
    void pilotPageShowsHeatmapChartsListsAndPages() throws IOException {
        driver.get(base + "/characters/" + VERA);
        driver.findElement(By.linkText("All time")).click();
        wait.until(ExpectedConditions.urlContains("window=all"));
        wait.until(ExpectedConditions.textToBe(By.id("entity-name"), "Vera Valkyrie"));
        assertThat(driver.getTitle()).isEqualTo("Vera Valkyrie — Pilot — eve-dmv");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#heatmap-table")));
        assertThat(statValue("Kills")).isEqualTo(Integer.toString(VERA_KILLS));
        assertThat(statValue("Losses")).isEqualTo(Integer.toString(VERA_LOSSES));

        List<WebElement> cells = driver.findElements(By.cssSelector("#heatmap-table td[data-count]"));
        assertThat(cells).hasSize(7 * 24);
        long hot = cells.stream().filter(c -> Integer.parseInt(c.getAttribute("data-count")) > 0).count();
        int sum = cells.stream().mapToInt(c -> Integer.parseInt(c.getAttribute("data-count"))).sum();
        assertThat(hot).isPositive();
        assertThat(sum).isEqualTo(VERA_KILLS);
        assertThat(driver.findElements(By.cssSelector("#heatmap-table th[scope='row']"))).hasSize(7);

        for (String chart : List.of("monthly-chart", "isk-chart")) {
            WebElement canvas = wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#" + chart + " canvas")));
            assertThat(canvas.getSize().getWidth()).as(chart).isGreaterThan(100);
            assertThat(canvas.getSize().getHeight()).as(chart).isGreaterThan(50);
            assertThat(greenPixels(chart)).as(chart + ": the kills series is drawn").isGreaterThan(50);
        }
        // Vera's kills run over July to November, her losses over September to November
        assertThat(driver.findElements(By.cssSelector("#monthly-chart .u-legend .u-series"))).hasSize(3);

        assertThat(linkIn("Associates", "Oskar Orbit")).endsWith("/characters/" + OSKAR);
        assertThat(linkIn("Top ships", "Machariel")).endsWith("/ships/" + MACHARIEL);
        assertThat(linkIn("Top systems", "Jita")).endsWith("/systems/" + JITA);

        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#kills tbody tr"), 25));
        assertThat(driver.findElements(By.cssSelector("#kills tbody a[href='/characters/" + NAMELESS + "']")))
                .as("a victim without a name shows his id").isNotEmpty()
                .allSatisfy(a -> assertThat(a.getText()).isEqualTo(Long.toString(NAMELESS)));
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#losses tbody tr"), VERA_LOSSES));
        assertThat(driver.findElements(By.id("losses-more"))).isEmpty();
        screenshot("pilot.png");

        driver.findElement(By.id("kills-more")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#kills tbody tr"), VERA_KILLS));
        wait.until(ExpectedConditions.numberOfElementsToBe(By.id("kills-more"), 0));
        assertNoScriptErrors();
    }

    @Test
    @Order(3)
    void pilotPageFitsAPhoneWidth() throws IOException {
        Dimension laptop = driver.manage().window().getSize();
        try {
            driver.manage().window().setSize(new Dimension(390, 1800));
            driver.get(base + "/characters/" + VERA + "?window=all");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#monthly-chart canvas")));
            long viewport = ((Number) js("return document.documentElement.clientWidth")).longValue();
            long content = ((Number) js("return document.documentElement.scrollWidth")).longValue();
            assertThat(content).as("no sideways scrolling of the page").isLessThanOrEqualTo(viewport);
            assertThat(driver.findElement(By.cssSelector("#monthly-chart canvas")).getSize().getWidth())
                    .isLessThanOrEqualTo((int) viewport);
            screenshot("pilot-phone.png");
        } finally {
            driver.manage().window().setSize(laptop);
        }
    }

    @Test
    @Order(4)
    void killmailPageListsEveryParticipant() throws IOException {
        driver.get(base + "/characters/" + VERA + "?window=all");
        WebElement link = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#kills a[href='/killmails/2000']")));
        link.click();
        wait.until(ExpectedConditions.textToBe(By.id("killmail-title"), "Machariel of Tom Target"));
        assertThat(driver.getTitle()).contains("killmail 2000");
        List<WebElement> rows = wait.until(ExpectedConditions.numberOfElementsToBe(
                By.cssSelector("#participants tbody tr"), 4));
        assertThat(rows.get(0).getText()).startsWith("Victim").contains("Tom Target", "Target Corp", "Machariel");
        assertThat(rows.get(1).getText()).startsWith("Final blow").contains("Vera Valkyrie", "Void Runners",
                "Night Alliance", "Light Neutron Blaster II");
        assertThat(rows.get(2).getText()).startsWith("Attacker").contains("Oskar Orbit", "Rifter");
        assertThat(rows.get(3).getText()).contains("Guristas Rat", Long.toString(NPC_CORP));
        String facts = driver.findElement(By.id("facts")).getText();
        assertThat(facts).contains("Amamake", "Domain", "250.00M", "AU time zone", "Ship", "2+ attackers", "PvP",
                "Low-sec").doesNotContain("cat:", "#:", "tz:", "loc:");
        assertThat(driver.findElements(By.cssSelector("#participants th[scope='col']"))).hasSize(7);
        screenshot("killmail.png");
        assertNoScriptErrors();
    }

    @Test
    @Order(5)
    void anEntityWithoutDataShowsEmptyStates() {
        driver.get(base + "/corporations/98199999");
        wait.until(ExpectedConditions.textToBe(By.id("entity-name"), "98199999"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("kills"), "No kills recorded."));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("losses"), "No losses recorded."));
        assertThat(driver.findElement(By.id("heatmap")).getText()).isEqualTo("No kills in this window.");
        assertThat(driver.findElement(By.id("monthly-chart")).getText()).isEqualTo("No kills or losses in this window.");
        assertThat(driver.findElement(By.id("top-lists")).getText()).contains("No member kills in this window.");
        assertThat(driver.findElements(By.cssSelector(".error"))).isEmpty();

        driver.get(base + "/killmails/424242");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("killmail-error"),
                "no killmail 424242 is stored"));
        assertThat(driver.manage().logs().get(LogType.BROWSER).getAll()).as("only the API's expected 404")
                .allSatisfy(e -> assertThat(e.getMessage()).contains("/api/v1/killmails/424242", "404"));
    }

    @Test
    @Order(6)
    void liveFeedShowsTheBacklogThenNewKillmails() throws IOException {
        driver.get(base + "/live");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#feed tbody tr"), KillmailStream.BACKLOG));
        assertThat(driver.findElement(By.cssSelector("#feed tbody tr")).getAttribute("data-killmail-id"))
                .isEqualTo("2000");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("live-status"), "Connected"));

        new KillmailWriter(db.database(), CLOCK).write(List.of(killmail(5000, "2026-11-27T11:30:00Z")
                .victim(victim(OSKAR, VOID_RUNNERS, NIGHT_ALLIANCE, RIFTER))
                .attacker(attacker(TOM, TARGET_CORP, null, MACHARIEL, true)).value("12000000").build()),
                "test", KillmailWriter.InTransaction.NOTHING);
        WebElement fresh = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#feed tbody tr[data-killmail-id='5000']")));
        assertThat(fresh.getText()).contains("Oskar Orbit", "Void Runners", "Rifter", "Amamake", "12.00M");
        assertThat(driver.findElement(By.cssSelector("#feed tbody tr")).getAttribute("data-killmail-id"))
                .as("newest on top").isEqualTo("5000");
        screenshot("live.png");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("feed-status"),
                "No live feed has run: killmails appear here as imports store them."));

        // a feed that another process follows and that cannot reach its server: the page says so, not only "Connected"
        db.jdbi().useHandle(h -> h.execute("INSERT INTO feed_state (feed, last_error_at, last_error, failing_since)"
                + " VALUES ('r2z2', now(), 'ConnectException', now() - interval '5 minutes')"));
        try {
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("feed-status"),
                    "The r2z2 feed has been failing since "));
            WebElement feedStatus = driver.findElement(By.id("feed-status"));
            assertThat(feedStatus.getText()).contains("(last answer: never); new killmails appear when it recovers.");
            assertThat(feedStatus.getAttribute("class")).contains("warn");
            assertThat(driver.findElement(By.id("live-status")).getText()).startsWith("Connected");
            screenshot("live-feed-failing.png");

            db.jdbi().useHandle(h -> h.execute("UPDATE feed_state SET failing_since = NULL, last_success_at = now(),"
                    + " backlog = 42 WHERE feed = 'r2z2'"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("feed-status"),
                    "The r2z2 feed is receiving killmails, catching up: 42 behind."));
            assertThat(driver.findElement(By.id("feed-status")).getAttribute("class")).doesNotContain("warn");
        } finally {
            db.jdbi().useHandle(h -> h.execute("DELETE FROM feed_state"));
        }
        assertNoScriptErrors();
    }

    /** The operator's pages: the health JSON and the server-rendered {@code /ops} page with this data's figures. */
    @Test
    @Order(7)
    void healthJsonAndTheOpsPageOpenInTheBrowser() throws IOException {
        driver.get(base + "/health");
        JsonNode health = new ObjectMapper().readTree(driver.findElement(By.tagName("body")).getText());
        assertThat(health.get("status").asText()).isIn("ok", "warn", "fail");
        assertThat(health.get("checks")).isNotEmpty();

        driver.get(base + "/ops");
        assertThat(driver.getTitle()).isEqualTo("eve-dmv ops");
        String text = driver.findElement(By.tagName("body")).getText();
        assertThat(text).contains("Health", "Partitions", "Top statements", "Pool", "participants_");
        screenshot("ops.png");
    }

    @Test
    @Order(8)
    void everyPageAnswersWithinOneHundredMilliseconds() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        List<String> paths = List.of("/", "/characters/" + VERA, "/corporations/" + VOID_RUNNERS,
                "/alliances/" + NIGHT_ALLIANCE, "/ships/" + MACHARIEL, "/systems/" + JITA, "/regions/" + THE_FORGE,
                "/killmails/2000", "/live", "/assets/style.css", "/assets/entity.js",
                "/webjars/uplot/" + WebPages.webjarVersion("org.webjars.npm", "uplot") + "/dist/uPlot.iife.min.js");
        for (String path : paths) {
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                best = Math.min(best, System.nanoTime() - t0);
                assertThat(r.statusCode()).as(path).isEqualTo(200);
                assertThat(r.body()).as(path).isNotBlank();
            }
            assertThat(Duration.ofNanos(best)).as(path).isLessThan(Duration.ofMillis(100));
        }
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(base + "/characters/1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.headers().firstValue("content-type").orElse("")).startsWith("text/html");
        assertThat(page.body()).doesNotContain("@UPLOT_VERSION@").contains("<title>");
    }

    /** A system only hosts killmails: its page shows no figure, series or list of the losing side. */
    @Test
    @Order(9)
    void systemPageShowsNoFigureOfTheLosingSide() throws IOException {
        driver.manage().logs().get(LogType.BROWSER); // what the earlier pages logged (/ops has no favicon)
        driver.get(base + "/systems/" + JITA + "?window=all");
        wait.until(ExpectedConditions.textToBe(By.id("entity-name"), "Jita"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#monthly-chart canvas")));
        List<String> labels = driver.findElements(By.cssSelector("#stats dt")).stream().map(WebElement::getText).toList();
        assertThat(labels).contains("Kills", "ISK destroyed", "Solo kills", "Gang", "Avg gang size")
                .doesNotContain("Losses", "ISK lost", "Solo losses", "Final blows", "Danger");
        assertThat(statValue("Kills")).isEqualTo("8");
        assertThat(driver.findElement(By.id("monthly-heading")).getText()).isEqualTo("Kills by month");
        assertThat(driver.findElement(By.id("isk-heading")).getText()).isEqualTo("ISK destroyed by month");
        for (String chart : List.of("monthly-chart", "isk-chart")) {
            assertThat(driver.findElements(By.cssSelector("#" + chart + " .u-legend .u-series"))).as(chart)
                    .hasSize(2).noneSatisfy(series -> assertThat(series.getText()).contains("Loss", "lost"));
        }
        assertThat(driver.findElements(By.id("losses-section"))).isEmpty();
        screenshot("system.png");

        driver.get(base + "/characters/" + VERA + "?window=all");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#monthly-chart canvas")));
        assertThat(driver.findElements(By.cssSelector("#stats dt")).stream().map(WebElement::getText).toList())
                .contains("Losses", "ISK lost", "Solo losses", "Final blows", "Danger");
        assertNoScriptErrors();
    }

    /** An unknown window is named on the page (as text, not markup) and the default shown. */
    @Test
    @Order(10)
    void anUnknownWindowIsNamedOnThePage() {
        driver.get(base + "/characters/" + VERA + "?window=%3Cb%3Ebanana%3C%2Fb%3E");
        wait.until(ExpectedConditions.textToBe(By.id("entity-name"), "Vera Valkyrie"));
        WebElement notice = driver.findElement(By.id("window-notice"));
        assertThat(notice.isDisplayed()).isTrue();
        assertThat(notice.getText()).isEqualTo("Unknown window '<b>banana</b>', showing 90 days.");
        assertThat(notice.findElements(By.tagName("b"))).as("the value is text, not markup").isEmpty();
        assertThat(driver.findElement(By.cssSelector("#window-nav a[aria-current='page']")).getText()).isEqualTo("90d");

        driver.get(base + "/characters/" + VERA + "?window=30d");
        wait.until(ExpectedConditions.textToBe(By.id("entity-name"), "Vera Valkyrie"));
        assertThat(driver.findElement(By.id("window-notice")).isDisplayed()).isFalse();
        assertNoScriptErrors();
    }

    private String statValue(String label) {
        return driver.findElement(By.xpath("//dl[@id='stats']/div[dt='" + label + "']/dd")).getText();
    }

    /** An alliance lists its member corporations; a system lists who hunts there: pilots, corporations, alliances. */
    @Test
    @Order(11)
    void allianceAndSystemPagesListTheirGroups() throws IOException {
        driver.get(base + "/alliances/" + NIGHT_ALLIANCE + "?window=all");
        wait.until(ExpectedConditions.textToBe(By.id("entity-name"), "Night Alliance"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("section[aria-label='Member corporations']")));
        assertThat(linkIn("Member corporations", "Void Runners")).endsWith("/corporations/" + VOID_RUNNERS);
        assertThat(linkIn("Top enemies", "Target Corp")).endsWith("/corporations/" + TARGET_CORP);
        assertThat(linkIn("Top killers", "Target Corp")).endsWith("/corporations/" + TARGET_CORP);
        screenshot("alliance-groups.png");

        driver.get(base + "/systems/" + JITA + "?window=all");
        wait.until(ExpectedConditions.textToBe(By.id("entity-name"), "Jita"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("section[aria-label='Top alliances here']")));
        assertThat(linkIn("Top pilots here", "Vera Valkyrie")).endsWith("/characters/" + VERA);
        assertThat(linkIn("Top corporations here", "Void Runners")).endsWith("/corporations/" + VOID_RUNNERS);
        assertThat(linkIn("Top alliances here", "Night Alliance")).endsWith("/alliances/" + NIGHT_ALLIANCE);
        assertThat(driver.findElements(By.cssSelector("section[aria-label='Top enemies']"))).as("a place has none").isEmpty();
        assertThat(driver.findElement(By.id("entity-facts")).getText()).contains("0.9 highsec");
        assertThat(driver.findElement(By.cssSelector("#entity-facts a")).getAttribute("href")).endsWith("/regions/" + THE_FORGE);
        screenshot("system-groups.png");

        driver.get(base + "/characters/" + VERA + "?window=all");
        wait.until(ExpectedConditions.textToBe(By.id("entity-name"), "Vera Valkyrie"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#losses tbody tr")));
        assertThat(driver.findElement(By.id("entity-facts")).getText()).contains("Void Runners", "Night Alliance", "as of");
        assertThat(driver.findElement(By.cssSelector("#losses tbody tr")).getText()).as("the final blow, not Vera again")
                .contains("Tom Target").doesNotContain("Vera Valkyrie");
        screenshot("pilot-header.png");
        assertNoScriptErrors();
    }

    private String linkIn(String section, String text) {
        return driver.findElement(By.cssSelector("section[aria-label='" + section + "']"))
                .findElement(By.linkText(text)).getAttribute("href");
    }

    /** Pixels of the chart's canvas in the kills series' green. */
    private long greenPixels(String chart) {
        return ((Number) js("""
                const c = document.querySelector('#' + arguments[0] + ' canvas');
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let n = 0;
                for (let i = 0; i < d.length; i += 4) {
                  if (d[i + 3] > 0 && d[i + 1] > d[i] + 30 && d[i + 1] > d[i + 2] + 30) n++;
                }
                return n;""", chart)).longValue();
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private void assertNoScriptErrors() {
        List<String> severe = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()) {
                severe.add(e.getMessage());
            }
        }
        assertThat(severe).as("browser console errors").isEmpty();
    }

    private void screenshot(String name) throws IOException {
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
