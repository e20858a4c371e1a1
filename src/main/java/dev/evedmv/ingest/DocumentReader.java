package dev.evedmv.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits an input file into killmail documents (the JSON bytes of one killmail or envelope each),
 * naming each by where it came from. A file that breaks off part-way yields what it had and one
 * rejection saying where it broke.
 */
final class DocumentReader {
    /** Receives documents and the rejections of unreadable input. */
    interface Sink {
        void document(String source, byte[] json);

        void rejected(Rejection rejection);
    }

    private static final Logger log = LoggerFactory.getLogger(DocumentReader.class);
    private static final JsonFactory JSON = new JsonFactory();

    private DocumentReader() {
    }

    static void read(InputFile file, Sink sink) {
        read(file, Bzip2Decoder.JAVA, sink);
    }

    /** Like {@link #read(InputFile, Sink)}, {@code .tar.bz2} archives decompressed by {@code bzip2}. */
    static void read(InputFile file, Bzip2Decoder bzip2, Sink sink) {
        switch (file.kind()) {
            case ARCHIVE -> readArchive(file, bzip2, sink);
            case JSON -> readJson(file, sink);
            case JSON_LINES -> readLines(file, sink);
            default -> throw new IllegalArgumentException("not a killmail file: " + file);
        }
    }

    /**
     * An archive that breaks off is rejected under its file name with what broke (a truncated
     * stream, a damaged tar header, or the exceptions' own words), the entry it stopped at and the
     * file's full path. When a native bzip2 decoder fails, the archive is read again with the Java
     * decoder from the entry it stopped at, so that what the archive holds is never lost to the
     * decoder: a damaged archive fails there too and is rejected in the Java decoder's words.
     */
    private static void readArchive(InputFile file, Bzip2Decoder bzip2, Sink sink) {
        String name = file.path().getFileName().toString();
        boolean isBzip2 = name.toLowerCase(java.util.Locale.ROOT).endsWith(".bz2");
        if (isBzip2 && bzip2.isNative()) {
            Failure failure = readArchive(file, bzip2, 0, sink);
            if (failure == null) {
                return;
            }
            log.warn("{} failed on {} after {} killmails ({}); reading it again with the Java decoder", bzip2.name(), name,
                    failure.entries(), failure.error().getMessage());
            failure = readArchive(file, Bzip2Decoder.JAVA, failure.entries(), sink);
            if (failure != null) {
                reject(file, failure, sink);
            }
            return;
        }
        Failure failure = readArchive(file, Bzip2Decoder.JAVA, 0, sink);
        if (failure != null) {
            reject(file, failure, sink);
        }
    }

    /** Where reading an archive broke off: the documents given before, the entry, the error. */
    private record Failure(int entries, String entryName, boolean inEntry, Exception error, String compression) {
    }

    /** Gives the archive's documents after the first {@code skip}; null when it was read to its end. */
    private static Failure readArchive(InputFile file, Bzip2Decoder bzip2, int skip, Sink sink) {
        String name = file.path().getFileName().toString();
        boolean isBzip2 = name.toLowerCase(java.util.Locale.ROOT).endsWith(".bz2");
        int entries = 0;
        String entryName = null;
        boolean inEntry = false;
        try (InputStream decompressed = isBzip2 ? bzip2.open(file.path())
                     : new GzipCompressorInputStream(new BufferedInputStream(Files.newInputStream(file.path()), 1 << 16));
             TarArchiveInputStream tar = new TarArchiveInputStream(decompressed)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                entryName = entry.getName();
                inEntry = true;
                if (entry.isFile() && entry.getName().endsWith(".json")) {
                    byte[] json = tar.readAllBytes();
                    if (entries >= skip) {
                        sink.document(name + "!" + entry.getName(), json);
                    }
                    entries++;
                }
                inEntry = false;
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return new Failure(entries, entryName, inEntry, e, isBzip2 ? "bzip2" : "gzip");
        }
    }

    private static void reject(InputFile file, Failure f, Sink sink) {
        String name = file.path().getFileName().toString();
        String where = f.entryName() == null ? "before the first entry"
                : (f.inEntry() ? "in entry " : "after entry ") + f.entryName();
        String reason = "unreadable archive after " + f.entries() + " killmails (stopped " + where + "): "
                + cause(f.error(), f.compression()) + "; file " + file.path().toAbsolutePath();
        log.warn("Import of {} stopped: {}", name, reason);
        sink.rejected(new Rejection(name, reason, null));
    }

    /**
     * What broke, in words: "truncated bzip2 stream (EOFException)", "damaged tar header
     * (IOException: Corrupted TAR archive.)", or else the chain of exceptions, each by its class
     * name and message (a message may be null).
     */
    static String cause(Throwable e, String compression) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && !chain.contains(t) && chain.size() < 10; t = t.getCause()) {
            chain.add(t);
        }
        String described = String.join(", caused by ", chain.stream().map(t -> t.getMessage() == null
                ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage()).toList());
        boolean truncated = chain.stream().anyMatch(t -> t instanceof java.io.EOFException || (t.getMessage() != null
                && TRUNCATED.matcher(t.getMessage()).find()));
        if (truncated) {
            return "truncated " + compression + " stream (" + described + ")";
        }
        boolean tarHeader = chain.stream().anyMatch(t -> t.getMessage() != null && TAR_HEADER.matcher(t.getMessage()).find());
        return tarHeader ? "damaged tar header (" + described + ")" : described;
    }

    private static final java.util.regex.Pattern TRUNCATED =
            java.util.regex.Pattern.compile("(?i)truncated|unexpected end|premature end|end of stream|end of file|ends unexpectedly");
    private static final java.util.regex.Pattern TAR_HEADER =
            java.util.regex.Pattern.compile("(?i)corrupted tar|tar header|parsing the header|header checksum");

    /** The whole file, or null after recording it as unreadable. */
    private static byte[] readWhole(InputFile file, String name, Sink sink) {
        try {
            return Files.readAllBytes(file.path());
        } catch (IOException e) {
            sink.rejected(new Rejection(name, "unreadable file: " + e.getMessage(), null));
            return null;
        }
    }

    private static void readJson(InputFile file, Sink sink) {
        String name = file.path().getFileName().toString();
        byte[] bytes = readWhole(file, name, sink);
        if (bytes == null) {
            return;
        }
        int first = 0;
        while (first < bytes.length && Character.isWhitespace(bytes[first])) {
            first++;
        }
        if (first >= bytes.length || bytes[first] != '[') {
            sink.document(name, bytes);
            return;
        }
        int index = 0;
        try (JsonParser p = JSON.createParser(bytes)) {
            p.nextToken();
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
                int start = (int) p.currentTokenLocation().getByteOffset();
                p.skipChildren();
                int end = (int) p.currentLocation().getByteOffset();
                byte[] element = java.util.Arrays.copyOfRange(bytes, start, end);
                sink.document(name + "[" + index++ + "]", element);
            }
        } catch (IOException e) {
            sink.rejected(new Rejection(name, "malformed JSON array after " + index + " elements: "
                    + e.getMessage(), bytes));
        }
    }

    private static void readLines(InputFile file, Sink sink) {
        String name = file.path().getFileName().toString();
        byte[] bytes = readWhole(file, name, sink);
        if (bytes == null) {
            return;
        }
        int line = 1;
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                int end = i;
                while (end > start && Character.isWhitespace(bytes[end - 1])) {
                    end--;
                }
                if (end > start) {
                    sink.document(name + ":" + line, java.util.Arrays.copyOfRange(bytes, start, end));
                }
                start = i + 1;
                line++;
            }
        }
    }
}
