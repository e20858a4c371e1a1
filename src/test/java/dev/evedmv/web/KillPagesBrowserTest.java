package dev.evedmv.web;

import static dev.evedmv.testing.KillmailFixtures.killmail;
import static dev.evedmv.testing.KillmailFixtures.victim;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.evedmv.api.HttpServer;
import dev.evedmv.health.Readiness;
import dev.evedmv.ingest.KillmailWriter;
import dev.evedmv.killmail.Attacker;
import dev.evedmv.killmail.DerivedKillmail;
import dev.evedmv.testing.KillmailFixtures;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/**
 * The killmail page's items by slot and attacker summary, and the home page's biggest and newest kills with the
 * top lists' kills / ISK switch, in headless Chromium (as {@link WebPagesBrowserTest}); screenshots
 * {@code killmail-fit.png}, {@code killmail-summary.png} and {@code home-kills.png} under {@code target/screenshots/}.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KillPagesBrowserTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    static final long VICTIM = 95_400_001L, ALICE = 95_400_002L, BOB = 95_400_003L;
    static final long CORP_X = 98_400_001L, CORP_Y = 98_400_002L, ALLIANCE_A = 99_400_001L;
    static final int MOROS = 19724, RIFTER = 587, CARACAL = 621, NEUTRON = 2488;
    static final String ITEMS = """
            [{"item_type_id":2488,"flag":27,"quantity_destroyed":1,"singleton":0},
             {"item_type_id":2488,"flag":28,"quantity_dropped":1,"singleton":0},
             {"item_type_id":526,"flag":19,"quantity_destroyed":1,"singleton":0},
             {"item_type_id":11325,"flag":11,"quantity_dropped":1,"singleton":0},
             {"item_type_id":2456,"flag":87,"quantity_destroyed":2,"quantity_dropped":3,"singleton":0},
             {"item_type_id":3467,"flag":5,"quantity_dropped":1,"singleton":0,
              "items":[{"item_type_id":1230,"flag":5,"quantity_destroyed":100,"quantity_dropped":50,"singleton":0}]}]""";

    private HttpServer server;
    private ChromeDriver driver;
    private WebDriverWait wait;
    private String base;

    @BeforeAll
    void start(TestDatabase db) throws IOException {
        new KillmailWriter(db.database(), CLOCK).write(killmails(), "test", KillmailWriter.InTransaction.NOTHING);
        db.jdbi().useHandle(h -> h.execute("""
                INSERT INTO names (id, category, name) VALUES
                    (95400001, 'character', 'Vic Victim'), (95400002, 'character', 'Alice Alpha'),
                    (95400003, 'character', 'Bob Bravo'), (98400001, 'corporation', 'Xenon Corp'),
                    (98400002, 'corporation', 'Yankee Corp'), (99400001, 'alliance', 'Alpha Alliance');
                INSERT INTO sde_categories (category_id, name) VALUES (6, 'Ship'), (7, 'Module');
                INSERT INTO sde_groups (group_id, category_id, name) VALUES (25, 6, 'Frigate'), (485, 6, 'Dreadnought'),
                    (26, 6, 'Cruiser'), (74, 7, 'Hybrid Weapon');
                INSERT INTO sde_types (type_id, group_id, name) VALUES
                    (19724, 485, 'Moros'), (587, 25, 'Rifter'), (621, 26, 'Caracal'),
                    (2488, 74, 'Light Neutron Blaster II'), (526, 74, 'Stasis Webifier II'),
                    (11325, 74, '1600mm Steel Plates II'), (2456, 74, 'Hobgoblin II'),
                    (3467, 74, 'Small Secure Container'), (1230, 74, 'Veldspar');
                INSERT INTO prices (type_id, average_price) VALUES (19724, 2000000000), (2488, 1000000), (526, 500000),
                    (11325, 2000000), (2456, 100000), (3467, 10000), (1230, 10);
                INSERT INTO sde_regions (region_id, name) VALUES (10000043, 'Domain');
                INSERT INTO sde_systems (system_id, constellation_id, region_id, name, security) VALUES
                    (30002187, 20000322, 10000043, 'Amamake', 0.4)"""));
        server = HttpServer.builder().port(0).readiness(new Readiness(db.database(), List.of())).registry(db.registry())
                .webjars(true).routes(new WebPages())
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

    static Attacker attacker(long character, long corporation, Long alliance, int ship, int damage, boolean finalBlow) {
        return new Attacker(character, corporation, alliance, null, ship, NEUTRON, damage, finalBlow, -1.0);
    }

    static List<DerivedKillmail> killmails() {
        List<DerivedKillmail> all = new ArrayList<>();
        all.add(killmail(9001, "2026-11-26T10:00:00Z").victim(victim(VICTIM, CORP_Y, null, MOROS))
                .attacker(attacker(ALICE, CORP_X, ALLIANCE_A, RIFTER, 300, false))
                .attacker(attacker(BOB, CORP_X, ALLIANCE_A, CARACAL, 100, true))
                .labels("cat:6", "#:2+", "pvp").value("2500000000")
                .rawEsi("{\"killmail_id\":9001,\"victim\":{\"ship_type_id\":19724,\"items\":" + ITEMS + "}}").build());
        // 60 attackers: alliance A 40 (Caracals), Yankee Corp 20 (Rifters)
        KillmailFixtures.Builder big = killmail(9002, "2026-11-25T10:00:00Z")
                .victim(victim(VICTIM, CORP_Y, null, RIFTER)).value("800000");
        for (int i = 0; i < 60; i++) {
            big.attacker(i < 40 ? attacker(96_100_000L + i, CORP_X, ALLIANCE_A, CARACAL, 10 + i, i == 0)
                    : attacker(96_100_000L + i, CORP_Y, null, RIFTER, 5, false));
        }
        all.add(big.build());
        for (int i = 0; i < 12; i++) {
            all.add(killmail(9100 + i, "2026-11-2" + (i % 7) + "T0" + (i % 10) + ":00:00Z")
                    .victim(victim(BOB, CORP_X, ALLIANCE_A, RIFTER))
                    .attacker(attacker(ALICE, CORP_Y, null, RIFTER, 100, true))
                    .value(Long.toString(1_000_000L * (i + 1))).build());
        }
        // earlier whole months for the chart
        for (String time : List.of("2026-09-15T10:00:00Z", "2026-10-10T10:00:00Z", "2026-10-11T10:00:00Z")) {
            all.add(killmail(9200 + all.size(), time).victim(victim(BOB, CORP_X, ALLIANCE_A, RIFTER))
                    .attacker(attacker(ALICE, CORP_Y, null, RIFTER, 100, true)).value("1000000").build());
        }
        return all;
    }

    @Test
    void killmailPageShowsTheFitBySlotWithTotals() throws IOException {
        driver.get(base + "/killmails/9001");
        wait.until(ExpectedConditions.textToBe(By.id("killmail-title"), "Moros of Vic Victim"));
        List<WebElement> slots = wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#fit .fit-slot"), 5));
        assertThat(slots).extracting(s -> s.findElement(By.tagName("h3")).getText())
                .containsExactly("High slots", "Mid slots", "Low slots", "Drone bay", "Cargo");
        assertThat(slots.get(0).findElements(By.cssSelector("tbody tr"))).hasSize(2);
        assertThat(slots.get(0).getText()).contains("Light Neutron Blaster II", "1.00M");
        List<WebElement> cargo = slots.get(4).findElements(By.cssSelector("tbody tr"));
        assertThat(cargo.get(1).getText()).startsWith("↳ Veldspar").contains("100", "50");
        String values = driver.findElement(By.id("fit-values")).getText();
        // fitted: ship 2B + 2 blasters 2M + web 0.5M + plates 2M; dropped: blaster, plates, 3 drones, can, 50 Veldspar
        assertThat(values).contains("Fitted\n2.00B ISK", "Dropped\n3.31M ISK", "Destroyed\n2.00B ISK");
        assertThat(driver.findElement(By.id("attacker-summary-card")).isDisplayed()).as("2 attackers: no summary").isFalse();
        List<WebElement> rows = driver.findElements(By.cssSelector("#participants tbody tr"));
        assertThat(rows.get(1).getText()).as("the final blow first").startsWith("Final blow").contains("Bob Bravo");
        assertThat(rows.get(2).getText()).contains("Alice Alpha");
        assertThat(driver.findElement(By.id("facts")).getText()).contains("Ship", "2+ attackers", "PvP")
                .doesNotContain("cat:", "#:");
        screenshot("killmail-fit.png");
        assertNoScriptErrors();
    }

    @Test
    void killmailWithSixtyAttackersShowsTheSummaryFirst() throws IOException {
        driver.get(base + "/killmails/9002");
        WebElement card = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("attacker-summary-card")));
        List<WebElement> groups = card.findElements(By.cssSelector("[data-summary='groups'] tbody tr"));
        assertThat(groups).extracting(WebElement::getText)
                .containsExactly("Alpha Alliance Alliance 40 1,180", "Yankee Corp Corporation 20 100");
        List<WebElement> ships = card.findElements(By.cssSelector("[data-summary='ships'] tbody tr"));
        assertThat(ships).extracting(WebElement::getText).containsExactly("Caracal 40", "Rifter 20");
        assertThat(card.getLocation().getY()).as("the summary before the full list")
                .isLessThan(driver.findElement(By.id("participants")).getLocation().getY());
        assertThat(driver.findElements(By.cssSelector("#participants tbody tr"))).hasSize(61);
        assertThat(driver.findElement(By.id("fit")).getText()).isEqualTo("The victim carried no items.");
        screenshot("killmail-summary.png");
        assertNoScriptErrors();
    }

    @Test
    void homeShowsTheBiggestAndNewestKillsAndSwitchesTopListsToIsk() throws IOException {
        driver.get(base + "/");
        List<WebElement> biggest = wait.until(ExpectedConditions.numberOfElementsToBe(
                By.cssSelector("#biggest-kills tbody tr"), 10));
        assertThat(biggest.get(0).getText()).contains("Vic Victim", "Moros", "2.50B");
        assertThat(biggest.get(0).findElement(By.cssSelector("a[href='/killmails/9001']"))).isNotNull();
        assertThat(biggest.get(1).getText()).contains("Bob Bravo", "12.00M");
        List<WebElement> newest = wait.until(ExpectedConditions.numberOfElementsToBe(
                By.cssSelector("#newest-kills tbody tr"), 10));
        assertThat(newest.get(0).getText()).startsWith("2026-11-26 10:00");

        WebElement corps = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("section[data-kind='corporation'] tbody tr")));
        assertThat(corps.getText()).as("by kills: Yankee Corp, 12 kills").startsWith("Yankee Corp");
        driver.findElement(By.cssSelector("#top-switch button[data-by='isk']")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("section[data-kind='corporation'] h3"),
                "Top corporations by ISK destroyed"));
        wait.until(ExpectedConditions.textMatches(By.cssSelector("section[data-kind='corporation'] tbody tr"),
                java.util.regex.Pattern.compile("^Xenon Corp")));
        assertThat(driver.findElement(By.cssSelector("#top-switch button[data-by='isk']")).getAttribute("aria-pressed"))
                .isEqualTo("true");
        screenshot("home-kills.png");
        assertNoScriptErrors();
    }

    /** 30 days up to 2026-11-27 cover 27 days of November: that month is hatched and labelled on the chart. */
    @Test
    void entityChartMarksTheMonthTheWindowCoversInPart() throws IOException {
        driver.get(base + "/characters/" + ALICE + "?window=30d");
        wait.until(ExpectedConditions.textToBe(By.id("entity-name"), "Alice Alpha"));
        WebElement note = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#monthly-chart .chart-note")));
        assertThat(note.getAttribute("data-partial")).isEqualTo("2026-11");
        assertThat(note.getText()).contains("2026-11 (27 d)");
        assertThat(driver.findElement(By.cssSelector("#monthly-chart")).getText()).contains("2026-11 (27 d)");
        driver.get(base + "/characters/" + ALICE + "?window=all");
        WebElement all = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#monthly-chart .chart-note")));
        assertThat(all.getAttribute("data-partial")).as("all time: only the month not over yet").isEqualTo("2026-11");
        screenshot("entity-partial-month.png");
        assertNoScriptErrors();
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
        Files.copy(shot.toPath(), HeadlessChromium.SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
