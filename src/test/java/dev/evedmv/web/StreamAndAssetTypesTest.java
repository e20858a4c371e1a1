package dev.evedmv.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import dev.evedmv.Json;
import dev.evedmv.api.HttpServer;
import dev.evedmv.health.Readiness;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/** The stream refuses requests that do not accept events, as its OpenAPI entry says; WebJar assets name their charset. */
@ExtendWith(PostgresExtension.class)
class StreamAndAssetTypesTest {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private HttpResponse<String> get(HttpServer server, String path, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theStreamAnswers400JsonToARequestThatDoesNotAcceptEvents(TestDatabase db) throws Exception {
        try (KillmailStream stream = new KillmailStream(db.database());
             HttpServer server = HttpServer.builder().port(0).readiness(new Readiness(db.database(), List.of()))
                     .registry(db.registry()).routes(stream).start()) {
            for (String accept : new String[] {"application/json", "*/*", null}) {
                HttpResponse<String> r = get(server, KillmailStream.PATH, accept);
                assertThat(r.statusCode()).as("Accept: " + accept).isEqualTo(400);
                assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
                JsonNode body = Json.mapper().readTree(r.body());
                assertThat(body.get("error").asText()).isEqualTo("not an event stream");
                assertThat(body.get("detail").asText()).contains("Accept: text/event-stream");
            }
        }
    }

    @Test
    void webJarScriptsAreJavaScriptInUtf8(TestDatabase db) throws Exception {
        String uplot = WebPages.webjarVersion("org.webjars.npm", "uplot");
        try (HttpServer server = HttpServer.builder().port(0).readiness(new Readiness(db.database(), List.of()))
                .registry(db.registry()).webjars(true).routes(new WebPages()).start()) {
            HttpResponse<String> script = get(server, "/webjars/uplot/" + uplot + "/dist/uPlot.iife.min.js", null);
            assertThat(script.statusCode()).isEqualTo(200);
            assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
            HttpResponse<String> css = get(server, "/webjars/uplot/" + uplot + "/dist/uPlot.min.css", null);
            assertThat(css.statusCode()).isEqualTo(200);
            assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        }
    }
}
