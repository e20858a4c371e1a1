package dev.evedmv.sde;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * The files of an SDE source — a folder (searched two levels deep, as CCP's zip unpacks into a
 * folder), a zip, a single file, or the bundled zip on the classpath — by base name. Only the
 * files a reader asks for are opened; {@code .bz2} files are decompressed on the fly.
 */
final class SdeFiles {
    /** One file of the source; {@code name} is its base name without {@code .bz2}, lower-cased. */
    record SdeFile(String name, String displayName, Instant modified, Opener opener) {
        InputStream open() throws IOException {
            InputStream raw = opener.open();
            return displayName.toLowerCase(Locale.ROOT).endsWith(".bz2")
                    ? new BZip2CompressorInputStream(raw, true) : raw;
        }
    }

    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }

    private final String source;
    private final List<SdeFile> files;

    private SdeFiles(String source, List<SdeFile> files) {
        this.source = source;
        this.files = List.copyOf(files);
    }

    String source() {
        return source;
    }

    List<SdeFile> files() {
        return files;
    }

    static SdeFiles open(Path given) {
        Path path = given.toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw new SdeFormatException("SDE source " + path + " does not exist");
        }
        try {
            if (Files.isDirectory(path)) {
                return new SdeFiles(path.toString(), folder(path));
            }
            if (path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
                return new SdeFiles(path.toString(), zip(path));
            }
            return new SdeFiles(path.toString(), List.of(file(path)));
        } catch (IOException e) {
            throw new SdeFormatException("cannot read SDE source " + path + ": " + e.getMessage());
        }
    }

    /** A zip read from a stream into memory (the bundled subset: a few hundred KB). */
    static SdeFiles openZip(String source, InputStream in) {
        List<SdeFile> files = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (!e.isDirectory()) {
                    byte[] bytes = zip.readAllBytes();
                    String base = baseName(e.getName());
                    Instant modified = e.getLastModifiedTime() == null ? Instant.EPOCH : e.getLastModifiedTime().toInstant();
                    files.add(new SdeFile(key(base), base, modified, () -> new ByteArrayInputStream(bytes)));
                }
            }
        } catch (IOException e) {
            throw new SdeFormatException("cannot read SDE zip " + source + ": " + e.getMessage());
        }
        return new SdeFiles(source, files);
    }

    private static List<SdeFile> folder(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir, 2)) {
            List<SdeFile> files = new ArrayList<>();
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                files.add(file(p));
            }
            return files;
        }
    }

    private static SdeFile file(Path p) throws IOException {
        String base = p.getFileName().toString();
        return new SdeFile(key(base), base, Files.getLastModifiedTime(p).toInstant(), () -> Files.newInputStream(p));
    }

    private static List<SdeFile> zip(Path path) throws IOException {
        List<SdeFile> files = new ArrayList<>();
        try (ZipFile zip = new ZipFile(path.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                if (!e.isDirectory()) {
                    String entryName = e.getName();
                    String base = baseName(entryName);
                    Instant modified = e.getLastModifiedTime() == null ? Instant.EPOCH : e.getLastModifiedTime().toInstant();
                    files.add(new SdeFile(key(base), base, modified, () -> {
                        ZipFile z = new ZipFile(path.toFile());
                        InputStream in = z.getInputStream(z.getEntry(entryName));
                        return new java.io.FilterInputStream(in) {
                            @Override
                            public void close() throws IOException {
                                try {
                                    super.close();
                                } finally {
                                    z.close();
                                }
                            }
                        };
                    }));
                }
            }
        }
        return files;
    }

    private static String baseName(String entryName) {
        return entryName.substring(entryName.lastIndexOf('/') + 1);
    }

    private static String key(String base) {
        String lower = base.toLowerCase(Locale.ROOT);
        return lower.endsWith(".bz2") ? lower.substring(0, lower.length() - 4) : lower;
    }
}
