package dev.evedmv.api;

import static dev.evedmv.testing.KillmailFixtures.attacker;
import static dev.evedmv.testing.KillmailFixtures.killmail;
import static dev.evedmv.testing.KillmailFixtures.victim;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.evedmv.Json;
import dev.evedmv.health.Readiness;
import dev.evedmv.ingest.KillmailWriter;
import dev.evedmv.intel.IntelQueries;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;
import dev.evedmv.web.KillmailStream;
import dev.evedmv.web.WebPages;

/**
 * Malformed requests never answer 5xx, and every error under {@code /api/v1} is
 * {@code {"error", "detail"}} JSON: a bounded fuzz over every route and parameter of the OpenAPI
 * document, and the requests Jetty refuses before Javalin sees them. Requests go over a raw
 * socket so that they can hold what an HTTP client library would refuse to send.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedRequestsTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    static final long PILOT = 95_000_001L;

    private HttpServer server;
    private KillmailStream stream;

    @BeforeAll
    void start(TestDatabase db) {
        new KillmailWriter(db.database(), CLOCK).write(List.of(
                killmail(1001, "2026-11-20T17:30:00Z").victim(victim(95_000_002L, 98_000_020L, null, 587))
                        .attacker(attacker(PILOT, 98_000_010L, 99_000_100L, 17738, true)).build(),
                killmail(1002, "2026-11-25T08:15:00Z").victim(victim(PILOT, 98_000_010L, 99_000_100L, 587))
                        .attacker(attacker(95_000_003L, 98_000_020L, null, 587, true)).build()),
                "test", KillmailWriter.InTransaction.NOTHING);
        db.jdbi().useHandle(h -> h.execute("INSERT INTO names (id, category, name) VALUES (95000001, 'character', 'Probe Pilot')"));
        stream = new KillmailStream(db.database());
        server = HttpServer.builder().port(0).readiness(new Readiness(db.database(), List.of())).registry(db.registry())
                .webjars(true)
                .routes(stream, new RejectsEndpoint(db.database()), new WebPages(),
                        new BattleRoutes(new dev.evedmv.battles.BattleQueries(db.database()), CLOCK),
                        new IntelRoutes(new IntelQueries(db.database()), CLOCK)).start();
    }

    @AfterAll
    void stop() {
        server.close();
        stream.close();
    }

    /** Values no parameter accepts, already percent-encoded where they need it: raw and encoded bytes alike. */
    static List<String> malformedValues() {
        List<String> raw = List.of("", "\u0000", "ab\u0000", "ab\u0000\n2026-12-02 01:00:00,000 [main] ERROR FORGED",
                "a\u0001b", "\r\n", "\u007f", "\u0085x", "-1", "0", "+5", "1.5", "1e3", "0x10", " 7", "7 ",
                "99999999999999999999999999", "9223372036854775808", "-9223372036854775809",
                "\u0661\u0660\u0660", "\uff11\uff12\uff13", "\u0968\u0966\u0968\u0966-\u0966\u0967-\u0966\u0967",
                "x".repeat(3000), "7".repeat(3000), "!!!", "====", "+10000-01-01", "+294277-01-01", "0000-01-01",
                "-2026-01-01", "2026-02-30", "1999-12-31", "9999-12-31", "true\u0000", "characters\u0000", "kills",
                cursor("+294277-01-01T00:00:00Z|5"), cursor("+1000000000-12-31T23:59:59Z|5"),
                cursor("-1000000000-01-01T00:00:00Z|5"), cursor("2026-11-25T08:15:00Z|-5"),
                cursor("2026-11-25T08:15:00Z|\u0661"), cursor("2026-11-25T08:15:00Z|99999999999999999999"),
                cursor("2026-11-25T08:15:00Z"), cursor("\u0000|1"), cursor("1999-01-01T00:00:00Z|1"));
        List<String> values = new ArrayList<>();
        for (String v : raw) {
            values.add(URLEncoder.encode(v, StandardCharsets.UTF_8));
        }
        // percent-encodings that do not decode, or decode to no valid UTF-8
        values.addAll(List.of("%", "%zz", "%0", "%ED%A0%80", "%FF%FE", "%C0%80"));
        return values;
    }

    static String cursor(String plain) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** Good and bad values of each path parameter, encoded. */
    static final Map<String, List<String>> PATH_VALUES = Map.of(
            "kind", List.of("characters", "systems", "planets", "CHARACTERS", "%00", "characters%00", "%C0%AE%C0%AE"),
            "id", List.of(Long.toString(PILOT), "1001", "0", "-1", "+5", "%00", "1%00", "%D9%A1%D9%A0",
                    "%EF%BC%91", "99999999999999999999", "9223372036854775807", "1.0", "abc", "%20"),
            "battle_id", List.of("1001", "0", "-1", "%00", "%D9%A1", "99999999999999999999", "abc", "%20"));

    @Test
    void noRouteOrParameterOfTheOpenApiDocumentAnswers5xx() throws Exception {
        JsonNode doc = Json.mapper().readTree(IntelRoutes.class.getResourceAsStream("openapi.json"));
        List<String> failures = new ArrayList<>();
        int requests = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            JsonNode get = path.getValue().get("get");
            List<String> queryNames = new ArrayList<>();
            List<String> pathNames = new ArrayList<>();
            for (JsonNode p : get.path("parameters")) {
                JsonNode resolved = p.has("$ref") ? doc.at(p.get("$ref").asText().substring(1)) : p;
                (resolved.get("in").asText().equals("path") ? pathNames : queryNames).add(resolved.get("name").asText());
            }
            // every combination of good and bad path values, with no query
            for (String target : expand(path.getKey(), pathNames, true)) {
                failures.addAll(check(target));
                requests++;
            }
            // each query parameter malformed in turn, on good path values
            String good = expand(path.getKey(), pathNames, false).get(0);
            for (String name : queryNames) {
                for (String value : malformedValues()) {
                    failures.addAll(check(good + "?" + name + "=" + value));
                    requests++;
                }
            }
            // an unknown parameter and a control character in a parameter's name
            failures.addAll(check(good + "?x%00y=1"));
            failures.addAll(check(good + "?unknown=%00"));
            requests += 2;
        }
        assertThat(requests).as("the fuzz reached every route").isGreaterThan(500);
        assertThat(failures).isEmpty();
    }

    /** The request targets of {@code template}: all good/bad combinations, or just the first good one. */
    private static List<String> expand(String template, List<String> names, boolean all) {
        List<String> targets = new ArrayList<>(List.of(template));
        for (String name : names) {
            List<String> next = new ArrayList<>();
            List<String> values = all ? PATH_VALUES.get(name) : PATH_VALUES.get(name).subList(0, 1);
            for (String t : targets) {
                for (String v : values) {
                    next.add(t.replace("{" + name + "}", v));
                }
            }
            targets = next;
        }
        return targets;
    }

    /** What is wrong with the answer to {@code target}: a 5xx, or an API error that is not {error, detail} JSON. */
    private List<String> check(String target) throws Exception {
        Reply r = send("GET " + target + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
        List<String> wrong = new ArrayList<>();
        if (r.status() >= 500) {
            wrong.add(target + " answered " + r.status() + ": " + r.body());
        }
        if (r.status() >= 400 && !isErrorJson(r)) {
            wrong.add(target + " answered " + r.status() + " " + r.contentType() + ": " + r.body());
        }
        return wrong;
    }

    private static boolean isErrorJson(Reply r) {
        if (!r.contentType().startsWith("application/json")) {
            return false;
        }
        try {
            JsonNode body = Json.mapper().readTree(r.body());
            List<String> keys = new ArrayList<>();
            body.fieldNames().forEachRemaining(keys::add);
            return keys.equals(List.of("error", "detail")) && !body.get("error").asText().isBlank()
                    && !body.get("detail").asText().isBlank();
        } catch (Exception e) {
            return false;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/api/v1/search?q=ab%00", "/api/v1/search?q=ab%0A2026-12-02", "/api/v1/characters/1/kills?before=KzI5NDI3Ny0wMS0wMVQwMDowMDowMFp8NQ",
        "/api/v1/characters/1/losses?before=KzI5NDI3Ny0wMS0wMVQwMDowMDowMFp8NQ",
        "/api/v1/characters/1?since=%2B10000-01-01", "/api/v1/characters/1?until=%2B294277-01-01",
        "/api/v1/top?kind=character&since=0000-01-01", "/api/v1/search?q=%zz"})
    void parametersTheDatabaseCannotTakeAre400Json(String target) throws Exception {
        Reply r = get(target);
        assertThat(r.status()).as(target + ": " + r.body()).isEqualTo(400);
        assertThat(isErrorJson(r)).as(r.body()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"?since=%2B999999999-01-01", "?since=-999999999-01-01", "?limit=%EF%BC%91", "?limit=%2B5",
        "?source=a%00"})
    void theRejectsEndpointChecksItsParametersTheSameWay(String query) throws Exception {
        Reply r = get(RejectsEndpoint.PATH + query);
        assertThat(r.status()).as(query + ": " + r.body()).isEqualTo(400);
        assertThat(isErrorJson(r)).as(r.body()).isTrue();
        assertThat(get(RejectsEndpoint.PATH + "?since=2026-11-01&limit=5").status()).isEqualTo(200);
    }

    @Test
    void outOfRangeCursorsOfEveryYearAre400() throws Exception {
        for (String plain : List.of("+294277-01-01T00:00:00Z|5", "+1000000000-12-31T23:59:59Z|5",
                "-1000000000-01-01T00:00:00Z|5", "2002-12-31T23:59:59Z|5")) {
            for (String side : List.of("kills", "losses")) {
                for (String kind : List.of("characters", "corporations", "alliances", "ships", "systems", "regions")) {
                    Reply r = get("/api/v1/" + kind + "/587/" + side + "?before=" + cursor(plain));
                    assertThat(r.status()).as(plain + " " + kind + " " + side + ": " + r.body()).isEqualTo(400);
                    assertThat(Json.mapper().readTree(r.body()).get("error").asText()).isEqualTo("invalid cursor");
                }
            }
        }
        Reply ok = get("/api/v1/characters/" + PILOT + "/kills?before=" + cursor("2026-11-25T08:15:00Z|1002"));
        assertThat(ok.status()).as("a cursor in range still pages: " + ok.body()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/api/v1/killmails/%D9%A1%D9%A0%D9%A0%D9%A1", "/api/v1/characters/%D9%A9%D9%A5%D9%A0%D9%A0%D9%A0%D9%A0%D9%A0%D9%A0%D9%A1",
        "/api/v1/characters/95000001?limit=%EF%BC%91%EF%BC%92", "/api/v1/characters/95000001?limit=%2B5",
        "/api/v1/characters/95000001/kills?limit=+5", "/api/v1/killmails/%2B1001", "/api/v1/top?kind=character&limit=%2B5",
        "/api/v1/characters/95000001?since=%D9%A2%D9%A0%D9%A2%D9%A6-11-01"})
    void numbersAreAsciiDigitsOnly(String target) throws Exception {
        Reply r = get(target);
        assertThat(r.status()).as(target + ": " + r.body()).isEqualTo(400);
        assertThat(isErrorJson(r)).as(r.body()).isTrue();
    }

    @Test
    void theAsciiFormsOfThoseNumbersAreAnswered() throws Exception {
        assertThat(get("/api/v1/killmails/1001").status()).isEqualTo(200);
        assertThat(get("/api/v1/characters/95000001?limit=12").status()).isEqualTo(200);
        assertThat(get("/api/v1/characters/0095000001?limit=05").status()).as("leading zeros are digits").isEqualTo(200);
    }

    @Test
    void unknownApiRoutesAnswerErrorAndDetail() throws Exception {
        Reply r = get("/api/v1/no/such/route");
        assertThat(r.status()).isEqualTo(404);
        assertThat(isErrorJson(r)).as(r.body()).isTrue();
        assertThat(Json.mapper().readTree(r.body()).get("error").asText()).isEqualTo("not found");
    }

    @Test
    void requestsJettyRefusesUnderTheApiAnswerErrorAndDetail() throws Exception {
        Map<String, Integer> requests = new LinkedHashMap<>();
        requests.put("GET /api/v1/search?q=" + "a".repeat(9000) + " HTTP/1.0\r\n\r\n", 414);
        requests.put("GET /api/v1/search?q=ab HTTP/1.0\r\nX-Big: " + "b".repeat(9000) + "\r\n\r\n", 431);
        requests.put("GET /api/v1/characters/1\u0000 HTTP/1.0\r\n\r\n", 400);
        // dot segments, encoded separators and NULs: refused (400) or matching no route (404)
        requests.put("GET /api/v1/characters/%2e%2e/1 HTTP/1.0\r\n\r\n", null);
        requests.put("GET /api/v1/characters/../../../etc/passwd HTTP/1.0\r\n\r\n", null);
        requests.put("GET /api/v1/../../etc/passwd HTTP/1.0\r\n\r\n", null);
        requests.put("GET /api/v1/characters%2F1 HTTP/1.0\r\n\r\n", null);
        requests.put("GET /api/v1/characters/1%00 HTTP/1.0\r\n\r\n", null);
        requests.put("GET /api/v1/%00 HTTP/1.0\r\n\r\n", null);
        requests.put("GET /api/v1/characters/1%5C..%5C HTTP/1.0\r\n\r\n", null);
        for (Map.Entry<String, Integer> e : requests.entrySet()) {
            Reply r = send(e.getKey());
            String what = e.getKey().substring(0, Math.min(60, e.getKey().length()));
            if (e.getValue() == null) {
                assertThat(r.status()).as(what + ": " + r.body()).isBetween(400, 404);
            } else {
                assertThat(r.status()).as(what + ": " + r.body()).isEqualTo(e.getValue());
            }
            assertThat(isErrorJson(r)).as(what + ": " + r.contentType() + " " + r.body()).isTrue();
        }
    }

    @Test
    void pagesGetAnHtmlErrorPageInTheSiteStyle() throws Exception {
        for (String request : List.of("GET /no-such-page HTTP/1.0\r\n\r\n",
                "GET /live HTTP/1.0\r\nX-Big: " + "b".repeat(9000) + "\r\n\r\n",
                "GET /characters/%2e%2e/1 HTTP/1.0\r\n\r\n")) {
            Reply r = send(request);
            assertThat(r.status()).as(request.substring(0, 30)).isBetween(400, 499);
            assertThat(r.contentType()).startsWith("text/html");
            assertThat(r.body()).contains("<link rel=\"stylesheet\" href=\"/assets/style.css\">",
                    "<h1>" + r.status() + " ", "eve-dmv");
        }
        Reply missing = get("/no-such-page");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).contains("<h1>404 Not Found</h1>");
    }

    record Reply(int status, String contentType, String body) {
    }

    private Reply get(String target) throws Exception {
        return send("GET " + target + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
    }

    /** Sends {@code request} as bytes 0-255 and reads the HTTP/1.0 answer to the end. */
    private Reply send(String request) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 2000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] chunk = new byte[8192];
            try {
                for (int n; (n = in.read(chunk)) > 0; ) {
                    buffer.write(chunk, 0, n);
                }
            } catch (java.net.SocketException e) {
                // the server may reset after answering a request it refused to read
            }
            String text = buffer.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            assertThat(end).as("a whole answer to " + request.substring(0, Math.min(60, request.length())))
                    .isPositive();
            String head = text.substring(0, end);
            int status = Integer.parseInt(head.substring(9, 12));
            String type = "";
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                    type = line.substring("content-type:".length()).strip();
                }
            }
            return new Reply(status, type, text.substring(end + 4));
        }
    }
}
