package dev.evedmv.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

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

    private static final JsonFactory JSON = new JsonFactory();

    private DocumentReader() {
    }

    static void read(InputFile file, Sink sink) {
        switch (file.kind()) {
            case ARCHIVE -> readArchive(file, sink);
            case JSON -> readJson(file, sink);
            case JSON_LINES -> readLines(file, sink);
            default -> throw new IllegalArgumentException("not a killmail file: " + file);
        }
    }

    private static void readArchive(InputFile file, Sink sink) {
        String name = file.path().getFileName().toString();
        int entries = 0;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file.path()), 1 << 16);
             InputStream decompressed = name.endsWith(".bz2") ? new BZip2CompressorInputStream(raw)
                     : new GzipCompressorInputStream(raw);
             TarArchiveInputStream tar = new TarArchiveInputStream(decompressed)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isFile() && entry.getName().endsWith(".json")) {
                    sink.document(name + "!" + entry.getName(), tar.readAllBytes());
                    entries++;
                }
            }
        } catch (IOException | RuntimeException e) {
            sink.rejected(new Rejection(name, "unreadable archive after " + entries + " killmails: "
                    + e.getMessage(), null));
        }
    }

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
