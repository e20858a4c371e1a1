package dev.evedmv.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged archive is rejected with what broke, where, and the file's full path. */
class DocumentReaderTest {
    private static final int ENTRIES = 200;

    private record Read(List<String> documents, List<Rejection> rejections) {
    }

    private static Read read(Path file) {
        return read(file, Bzip2Decoder.JAVA);
    }

    private static Read read(Path file, Bzip2Decoder bzip2) {
        List<String> documents = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        DocumentReader.read(new InputFile(file, InputFile.Kind.ARCHIVE), bzip2, new DocumentReader.Sink() {
            @Override
            public void document(String source, byte[] json) {
                documents.add(source + " " + json.length);
            }

            @Override
            public void rejected(Rejection rejection) {
                rejections.add(rejection);
            }
        });
        return new Read(documents, rejections);
    }

    /** ENTRIES entries of incompressible-ish JSON, so that a cut lands in the middle. */
    private static byte[] archive(boolean bzip2) throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (OutputStream compressed = bzip2 ? new BZip2CompressorOutputStream(bytes, 1) : new GzipCompressorOutputStream(bytes);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(compressed)) {
            java.util.Random random = new java.util.Random(7);
            for (int i = 0; i < ENTRIES; i++) {
                byte[] json = ("{\"killmail_id\":" + i + ",\"noise\":\"" + Long.toHexString(random.nextLong())
                        + Long.toHexString(random.nextLong()) + "\"}").repeat(20).getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry("killmails/" + i + ".json");
                e.setSize(json.length);
                tar.putArchiveEntry(e);
                tar.write(json);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void truncatedStreamsSayWhatBrokeAndWhere(@TempDir Path dir) throws IOException {
        for (boolean bzip2 : new boolean[] {true, false}) {
            byte[] whole = archive(bzip2);
            Path file = dir.resolve(bzip2 ? "killmails-2020-01-02.tar.bz2" : "killmails-2020-01-02.tar.gz");
            Files.write(file, Arrays.copyOf(whole, whole.length * 2 / 3));
            Read r = read(file);
            assertThat(r.documents()).isNotEmpty().hasSizeLessThan(ENTRIES);
            assertThat(r.rejections()).hasSize(1);
            Rejection rejection = r.rejections().get(0);
            assertThat(rejection.source()).isEqualTo(file.getFileName().toString());
            String format = bzip2 ? "bzip2" : "gzip";
            assertThat(rejection.reason())
                    .startsWith("unreadable archive after " + r.documents().size() + " killmails")
                    .contains("truncated " + format + " stream (")
                    .containsPattern("\\(stopped (in entry killmails/" + r.documents().size() + "|after entry killmails/"
                            + (r.documents().size() - 1) + ")\\.json\\)")
                    .contains(file.toAbsolutePath().toString())
                    .doesNotContain(": null");
        }
    }

    @Test
    void damagedTarHeadersSaySo(@TempDir Path dir) throws IOException {
        byte[] tar;
        var bytes = new java.io.ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            for (int i = 0; i < 3; i++) {
                byte[] json = ("{\"killmail_id\":" + i + "}").getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry("killmails/" + i + ".json");
                e.setSize(json.length);
                out.putArchiveEntry(e);
                out.write(json);
                out.closeArchiveEntry();
            }
        }
        tar = bytes.toByteArray();
        // the third header's size field (offset 124 of its 512-byte block) becomes garbage
        int third = 2 * 1024;
        Arrays.fill(tar, third + 124, third + 136, (byte) 'x');
        Path file = dir.resolve("killmails-2020-01-03.tar.gz");
        try (OutputStream out = new GzipCompressorOutputStream(Files.newOutputStream(file))) {
            out.write(tar);
        }
        Read r = read(file);
        assertThat(r.documents()).hasSize(2);
        assertThat(r.rejections()).singleElement().satisfies(rejection -> assertThat(rejection.reason())
                .startsWith("unreadable archive after 2 killmails")
                .contains("(stopped after entry killmails/1.json): damaged tar header (")
                .contains(file.toAbsolutePath().toString()));
    }

    private static Bzip2Decoder systemBzip2() {
        return Bzip2Decoder.onPath("bzip2").orElseThrow(() -> new AssertionError("these tests need bzip2 on PATH"));
    }

    /** A decoder that writes the first 30,000 bytes of the archive decompressed, then fails. */
    private static Bzip2Decoder failingDecoder(Path dir) throws IOException {
        Path script = dir.resolve("failing-bzip2");
        Files.writeString(script, "#!/bin/sh\n" + systemBzip2().command() + " -dc \"$2\" | head -c 30000\n"
                + "echo 'failing-bzip2: out of memory' >&2\nexit 3\n");
        script.toFile().setExecutable(true);
        return new Bzip2Decoder("failing-bzip2", script.toString());
    }

    @Test
    void theSystemsBzip2GivesWhatTheJavaDecoderGives(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("killmails-2020-01-02.tar.bz2");
        Files.write(file, archive(true));
        Read java = read(file);
        assertThat(java.documents()).hasSize(ENTRIES);
        Read system = read(file, systemBzip2());
        assertThat(system).isEqualTo(java);
    }

    @Test
    void aNativeDecoderThatFailsIsReplacedByJavasFromWhereItStopped(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("killmails-2020-01-02.tar.bz2");
        Files.write(file, archive(true));
        Read r = read(file, failingDecoder(dir));
        assertThat(r.rejections()).isEmpty();
        assertThat(r.documents()).as("every document once, in order").isEqualTo(read(file).documents());
    }

    @Test
    void aTruncatedArchiveThroughTheNativeDecoderIsRejectedInTheJavaDecodersWords(@TempDir Path dir) throws IOException {
        byte[] whole = archive(true);
        Path file = dir.resolve("killmails-2020-01-02.tar.bz2");
        Files.write(file, Arrays.copyOf(whole, whole.length * 2 / 3));
        Read java = read(file);
        Read system = read(file, systemBzip2());
        assertThat(system).isEqualTo(java);
        assertThat(system.rejections()).hasSize(1);
        assertThat(system.rejections().get(0).reason()).contains("truncated bzip2 stream (");
    }

    @Test
    void aNativeDecoderThatCannotStartIsReplacedByJavas(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("killmails-2020-01-02.tar.bz2");
        Files.write(file, archive(true));
        Read r = read(file, new Bzip2Decoder("missing", dir.resolve("no-such-bzip2").toString()));
        assertThat(r).isEqualTo(read(file));
        assertThat(r.documents()).hasSize(ENTRIES);
    }

    @Test
    void aDecoderSettingNamesTheSettingAndTheChoices() {
        assertThat(Bzip2Decoder.choose("java", "--bzip2")).isEqualTo(Bzip2Decoder.JAVA);
        assertThat(Bzip2Decoder.choose("BZIP2", "--bzip2").name()).isEqualTo("bzip2");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Bzip2Decoder.choose("pigz", "--bzip2"))
                .hasMessage("--bzip2 must be one of auto, lbzip2, bzip2, java, not 'pigz'");
    }
}
