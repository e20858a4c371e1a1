package dev.evedmv.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * One file that {@code import} reads, classified by name: EVE Ref archives, single-killmail or
 * array JSON, JSON lines, and the side files of a generated set (names, prices).
 */
public record InputFile(Path path, Kind kind) {

    public enum Kind {
        /** {@code killmails-YYYY-MM-DD.tar.bz2} or {@code .tar.gz}: one killmail per {@code killmails/{id}.json}. */
        ARCHIVE,
        /** A {@code .json} file: one killmail or envelope, or an array of them. */
        JSON,
        /** A {@code .jsonl} file: one killmail or envelope per line. */
        JSON_LINES,
        /** {@code names.jsonl}: {"id", "category", "name"} per line. */
        NAMES,
        /** {@code prices.json}: ESI /markets/prices/ array. */
        PRICES
    }

    private static final java.util.regex.Pattern ARCHIVE_DAY =
            java.util.regex.Pattern.compile("killmails-(\\d{4})-(\\d{2})-\\d{2}\\.(tar\\.bz2|tar\\.gz|tgz)");

    /** The month an EVE Ref archive's name ({@code killmails-YYYY-MM-DD.tar.bz2}) gives; empty for other files. */
    public java.util.Optional<java.time.YearMonth> archiveMonth() {
        java.util.regex.Matcher m = ARCHIVE_DAY.matcher(path.getFileName().toString().toLowerCase(Locale.ROOT));
        if (kind != Kind.ARCHIVE || !m.matches()) {
            return java.util.Optional.empty();
        }
        int month = Integer.parseInt(m.group(2));
        return month < 1 || month > 12 ? java.util.Optional.empty()
                : java.util.Optional.of(java.time.YearMonth.of(Integer.parseInt(m.group(1)), month));
    }

    public long size() {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Expands the paths given on the command line (files and folders, recursively) into input
     * files, side files first, then the rest in name order so that runs are repeatable.
     */
    public static List<InputFile> expand(List<Path> paths) throws IOException {
        List<InputFile> out = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new IngestException("no such file or folder: " + p);
            }
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile).sorted().forEach(f -> classify(f, false, out));
                }
            } else {
                classify(p, true, out);
            }
        }
        out.sort(Comparator.comparing((InputFile f) -> f.kind().ordinal() < Kind.NAMES.ordinal() ? 1 : 0)
                .thenComparing(f -> f.path().toString()));
        return out;
    }

    private static void classify(Path file, boolean explicit, List<InputFile> out) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        Kind kind;
        if (name.equals("names.jsonl")) {
            kind = Kind.NAMES;
        } else if (name.equals("prices.json")) {
            kind = Kind.PRICES;
        } else if (name.endsWith(".tar.bz2") || name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
            kind = Kind.ARCHIVE;
        } else if (name.endsWith(".jsonl")) {
            kind = Kind.JSON_LINES;
        } else if (name.endsWith(".json")) {
            kind = Kind.JSON;
        } else if (explicit) {
            throw new IngestException("cannot import " + file
                    + ": expected .tar.bz2, .tar.gz, .json or .jsonl (or a folder of them)");
        } else {
            return;
        }
        out.add(new InputFile(file, kind));
    }
}
