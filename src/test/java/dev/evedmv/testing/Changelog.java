package dev.evedmv.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The changesets of the project's Liquibase changelog, read from {@code master.xml} and the files it
 * includes, in order: so that tests of migrations name the count and the latest changeset without
 * restating them.
 */
public final class Changelog {
    private static final String DIR = "/dev/evedmv/db/changelog/";
    private static final Pattern INCLUDE = Pattern.compile("<include file=\"([^\"]+)\"");
    private static final Pattern CHANGESET = Pattern.compile("(?m)^--changeset [^:]+:(\\S+)");
    /** A changeset of an XML changelog (a Java change, such as 030's rewrite of the payloads). */
    private static final Pattern XML_CHANGESET = Pattern.compile("<changeSet id=\"([^\"]+)\"");

    private Changelog() {
    }

    /** Every changeset id, in the order they are applied. */
    public static List<String> changesets() {
        List<String> ids = new ArrayList<>();
        Matcher files = INCLUDE.matcher(read("master.xml"));
        while (files.find()) {
            Matcher sets = (files.group(1).endsWith(".xml") ? XML_CHANGESET : CHANGESET).matcher(read(files.group(1)));
            while (sets.find()) {
                ids.add(sets.group(1));
            }
        }
        return ids;
    }

    public static int count() {
        return changesets().size();
    }

    /** The id of the last changeset applied (the schema version archives record). */
    public static String latest() {
        List<String> ids = changesets();
        return ids.get(ids.size() - 1);
    }

    private static String read(String file) {
        try (InputStream in = Changelog.class.getResourceAsStream(DIR + file)) {
            if (in == null) {
                throw new IllegalStateException("no changelog file " + DIR + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
