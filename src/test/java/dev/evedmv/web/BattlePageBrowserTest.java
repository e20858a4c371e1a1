package dev.evedmv.web;

import static dev.evedmv.testing.KillmailFixtures.attacker;
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
import java.time.temporal.ChronoUnit;
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
import dev.evedmv.killmail.DerivedKillmail;
import dev.evedmv.names.Name;
import dev.evedmv.names.NameStore;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/**
 * The battle page in headless Chromium, as {@link WebPagesBrowserTest}: its chart, its two sides
 * and every killmail linked; the killmail page, the system page and the home page link to it.
 * The battle happened two hours before the test's clock, which is the browser's "now" (the home
 * page lists the last 7 days of the browser's clock). Saves {@code target/screenshots/battle.png}.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BattlePageBrowserTest {
    static final long NIGHT = 99_100_001L, DAWN = 99_100_002L;
    static final int RIFTER = 587, MACHARIEL = 17738, JITA = 30000142, THE_FORGE = 10000002;
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final Instant START = NOW.minus(Duration.ofHours(2));
    static final int KILLMAILS = 12;

    private HttpServer server;
    private ChromeDriver driver;
    private WebDriverWait wait;
    private String base;

    @BeforeAll
    void start(TestDatabase db) throws IOException {
        new KillmailWriter(db.database(), CLOCK).write(killmails(), "test", KillmailWriter.InTransaction.NOTHING);
        new NameStore(db.database()).upsert(List.of(new Name(NIGHT, "alliance", "Night Alliance"),
                new Name(DAWN, "alliance", "Dawn Coalition")));
        db.jdbi().useHandle(h -> h.execute("""
                INSERT INTO sde_categories (category_id, name) VALUES (6, 'Ship');
                INSERT INTO sde_groups (group_id, category_id, name) VALUES (25, 6, 'Frigate'), (27, 6, 'Battleship');
                INSERT INTO sde_types (type_id, group_id, name) VALUES (587, 25, 'Rifter'), (17738, 27, 'Machariel');
                INSERT INTO sde_regions (region_id, name) VALUES (10000002, 'The Forge');
                INSERT INTO sde_systems (system_id, constellation_id, region_id, name, security) VALUES
                    (30000142, 20000020, 10000002, 'Jita', 0.9)"""));
        server = HttpServer.builder().port(0).readiness(new Readiness(db.database(), List.of())).registry(db.registry())
                .webjars(true).routes(new WebPages())
                .routes(HeadlessChromium.apiRoutes(db.database(), CLOCK).toArray(HttpServer.Routes[]::new))
                .start();
        base = "http://127.0.0.1:" + server.port();
        driver = HeadlessChromium.start(2000);
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

    /** Night Alliance and Dawn Coalition trade kills in Jita, one a minute; Night wins 8 to 4. */
    static List<DerivedKillmail> killmails() {
        List<DerivedKillmail> all = new ArrayList<>();
        for (int i = 0; i < KILLMAILS; i++) {
            boolean nightKills = i % 3 != 2;
            long winner = nightKills ? NIGHT : DAWN;
            long loser = nightKills ? DAWN : NIGHT;
            all.add(killmail(3000 + i, START.plus(Duration.ofMinutes(i)).toString()).system(JITA, THE_FORGE)
                    .victim(victim(pilot(loser, i), corp(loser), loser, i % 4 == 0 ? MACHARIEL : RIFTER))
                    .attacker(attacker(pilot(winner, 100 + i % 3), corp(winner), winner, MACHARIEL, true))
                    .attacker(attacker(pilot(winner, 200 + i % 2), corp(winner), winner, RIFTER, false))
                    .value(Long.toString(50_000_000L * (i + 1))).build());
        }
        return all;
    }

    static long pilot(long alliance, int n) {
        return 95_000_000L + (alliance - 99_100_000L) * 1000 + n;
    }

    static long corp(long alliance) {
        return 98_000_000L + (alliance - 99_100_000L) * 1000;
    }

    @Test
    void theBattlePageShowsItsChartSidesAndKillmailsAndThePagesLinkToIt() throws IOException {
        driver.get(base + "/killmails/3005");
        WebElement link = wait.until(ExpectedConditions.elementToBeClickable(By.id("battle-link")));
        assertThat(link.getAttribute("href")).endsWith("/battles/3000");
        link.click();
        wait.until(ExpectedConditions.textToBe(By.id("battle-title"), "Battle in Jita"));
        WebElement canvas = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#timeline-chart canvas")));
        assertThat(canvas.getSize().getWidth()).isGreaterThan(200);
        assertThat(driver.findElements(By.cssSelector("#timeline-chart .u-legend .u-series"))).hasSize(3);
        List<WebElement> sides = driver.findElements(By.cssSelector("#sides section.side"));
        assertThat(sides).hasSize(2);
        assertThat(sides.get(0).getText()).contains("Night Alliance", "Machariel", "Rifter");
        assertThat(sides.get(1).getText()).contains("Dawn Coalition");
        assertThat(driver.findElements(By.cssSelector("#battle-killmails a[href^='/killmails/']"))).hasSize(KILLMAILS);
        assertThat(driver.findElement(By.id("battle-facts")).getText()).contains("Jita", String.valueOf(KILLMAILS));
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), HeadlessChromium.SCREENSHOTS.resolve("battle.png"), StandardCopyOption.REPLACE_EXISTING);
        assertNoScriptErrors();

        driver.get(base + "/systems/" + JITA);
        assertThat(wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#battles a[href='/battles/3000']")))
                .isDisplayed()).isTrue();
        driver.get(base + "/");
        assertThat(wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#home-battles a[href='/battles/3000']"))).getText()).isNotBlank();
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
}
