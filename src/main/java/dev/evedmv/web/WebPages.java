package dev.evedmv.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.evedmv.api.HttpServer;
import dev.evedmv.intel.EntityKind;
import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * The pages: home ({@code /}), one page per entity kind ({@code /characters/{id}} …
 * {@code /regions/{id}}), {@code /killmails/{id}}, {@code /battles/{id}} and {@code /live}, and their assets under
 * {@code /assets/}. Every page is a static shell held in memory; its data comes from the API.
 * Needs {@link HttpServer.Builder#webjars(boolean)} for the charts.
 */
public final class WebPages implements HttpServer.Routes {
    private static final String HTML = "text/html; charset=utf-8";
    private static final Map<String, String> ASSET_TYPES = Map.of(
            "style.css", "text/css; charset=utf-8",
            "common.js", "text/javascript; charset=utf-8",
            "home.js", "text/javascript; charset=utf-8",
            "entity.js", "text/javascript; charset=utf-8",
            "killmail.js", "text/javascript; charset=utf-8",
            "live.js", "text/javascript; charset=utf-8",
            "battle.js", "text/javascript; charset=utf-8");
    private static final List<String> PAGES = List.of("home.html", "entity.html", "killmail.html", "live.html",
            "battle.html");

    private final Map<String, byte[]> pages = new LinkedHashMap<>();
    private final Map<String, byte[]> assets = new LinkedHashMap<>();

    public WebPages() {
        String uplot = webjarVersion("org.webjars.npm", "uplot");
        for (String page : PAGES) {
            pages.put(page, new String(resource(page), StandardCharsets.UTF_8).replace("@UPLOT_VERSION@", uplot)
                    .getBytes(StandardCharsets.UTF_8));
        }
        for (String asset : ASSET_TYPES.keySet()) {
            assets.put(asset, resource(asset));
        }
    }

    @Override
    public void register(Javalin app) {
        app.get("/", ctx -> page(ctx, "home.html"));
        for (EntityKind kind : EntityKind.values()) {
            app.get("/" + kind.plural() + "/{id}", ctx -> page(ctx, "entity.html"));
        }
        app.get("/killmails/{id}", ctx -> page(ctx, "killmail.html"));
        app.get("/live", ctx -> page(ctx, "live.html"));
        app.get("/battles/{id}", ctx -> page(ctx, "battle.html"));
        app.get("/assets/{file}", ctx -> {
            String file = ctx.pathParam("file");
            byte[] body = assets.get(file);
            if (body == null) {
                ctx.status(404).contentType("text/plain; charset=utf-8").result("no asset " + file);
                return;
            }
            ctx.header("Cache-Control", "no-cache").contentType(ASSET_TYPES.get(file)).result(body);
        });
    }

    private void page(Context ctx, String name) {
        ctx.header("Cache-Control", "no-cache").contentType(HTML).result(pages.get(name));
    }

    private static byte[] resource(String name) {
        try (InputStream in = WebPages.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " next to " + WebPages.class.getName());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The version of a WebJar on the class path, from the Maven metadata it carries. */
    static String webjarVersion(String group, String artifact) {
        String path = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = WebPages.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the WebJar " + group + ":" + artifact + " is not on the class path");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
