package dev.evedmv;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Turns the URL forms users give ({@code jdbc:postgresql://…} or libpq-style
 * {@code postgres://user:pass@host:port/db?…}) into a JDBC URL plus credentials.
 */
public final class DatabaseUrls {
    private DatabaseUrls() {
    }

    /** A JDBC URL and the credentials taken out of it (null when the URL carried none). */
    public record JdbcTarget(String jdbcUrl, String user, String password) {
        /** A connection of its own (outside any pool) with these credentials and {@code settings}; the caller closes it. */
        public java.sql.Connection connect(java.util.Properties settings) throws java.sql.SQLException {
            java.util.Properties p = new java.util.Properties();
            p.putAll(settings);
            if (user != null) {
                p.setProperty("user", user);
            }
            if (password != null) {
                p.setProperty("password", password);
            }
            return java.sql.DriverManager.getConnection(jdbcUrl, p);
        }

        /** host:port/database, for messages. */
        public String display() {
            String rest = jdbcUrl.substring("jdbc:postgresql://".length());
            int q = rest.indexOf('?');
            return q < 0 ? rest : rest.substring(0, q);
        }
    }

    /** @throws IllegalArgumentException with a message that completes "EVEDMV_DB_URL …" */
    public static JdbcTarget toJdbc(String url) {
        if (url.startsWith("jdbc:postgresql://")) {
            return new JdbcTarget(url, null, null);
        }
        if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("is not a valid URL: " + redact(url));
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("has no host: " + redact(url));
            }
            String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
            String user = null;
            String password = null;
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getRawUserInfo().split(":", 2);
                user = decode(parts[0]);
                password = parts.length > 1 ? decode(parts[1]) : null;
            }
            String port = uri.getPort() > 0 ? ":" + uri.getPort() : "";
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            return new JdbcTarget("jdbc:postgresql://" + uri.getHost() + port + "/" + db + query, user, password);
        }
        throw new IllegalArgumentException("must start with jdbc:postgresql:// or postgres://, got '" + redact(url) + "'");
    }

    /** The same server and credentials with another database name. */
    public static JdbcTarget withDatabase(JdbcTarget target, String database) {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        String url = target.jdbcUrl();
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        int query = url.indexOf('?', slash);
        String rebuilt = url.substring(0, slash + 1) + database + (query < 0 ? "" : url.substring(query));
        return new JdbcTarget(rebuilt, target.user(), target.password());
    }

    /** The URL with any password replaced by ***. */
    public static String redact(String url) {
        return url.replaceAll("(://[^:/@]+:)[^@]*@", "$1***@").replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
