package dev.evedmv.ingest;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

import dev.evedmv.EveDmvConfig;
import dev.evedmv.EveDmvException;

/**
 * Which decoder decompresses {@code .tar.bz2} archives: the system's {@code lbzip2} or
 * {@code bzip2} ({@code -dc FILE}, a process of its own, so its CPU runs beside the JVM's decoding
 * threads), or the Java one (commons-compress). {@code auto} takes the first of lbzip2, bzip2 on
 * {@code PATH}, and Java when neither is there. A native decoder that cannot be started is
 * replaced by Java's; one that exits with an error fails the stream with its message.
 *
 * @param command the program run, or null for the Java decoder
 */
public record Bzip2Decoder(String name, String command) {
    /** The setting's and the flag's values. */
    public static final List<String> CHOICES = EveDmvConfig.BZIP2_DECODERS;
    public static final Bzip2Decoder JAVA = new Bzip2Decoder("java", null);

    /**
     * The decoder {@code choice} names ({@link #CHOICES}); a named native decoder missing from
     * {@code PATH} is an error naming {@code setting}.
     */
    public static Bzip2Decoder choose(String choice, String setting) {
        String c = choice == null ? "auto" : choice.trim().toLowerCase(Locale.ROOT);
        return switch (c) {
            case "auto" -> onPath("lbzip2").or(() -> onPath("bzip2")).orElse(JAVA);
            case "java" -> JAVA;
            case "lbzip2", "bzip2" -> onPath(c).orElseThrow(() -> new EveDmvException(setting + " is " + c
                    + ", which is not on PATH (install it, or use auto or java)"));
            default -> throw new EveDmvException(setting + " must be one of " + String.join(", ", CHOICES) + ", not '"
                    + choice + "'");
        };
    }

    /** The system's decoder for {@code bzip2 -dc}-style decompression, when {@code PATH} has it. */
    public static Optional<Bzip2Decoder> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(new Bzip2Decoder(program, p.toString()));
            }
        }
        return Optional.empty();
    }

    public boolean isNative() {
        return command != null;
    }

    /** The decompressed bytes of {@code file}; a native decoder that cannot start gives Java's. */
    InputStream open(Path file) throws IOException {
        if (command == null) {
            return java(file);
        }
        Path stderr = Files.createTempFile("evedmv-" + name, ".err");
        Process p;
        try {
            p = new ProcessBuilder(command, "-dc", file.toString())
                    .redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            Files.deleteIfExists(stderr);
            org.slf4j.LoggerFactory.getLogger(Bzip2Decoder.class).warn(
                    "cannot start {} ({}); decompressing {} with the Java decoder", command, e.getMessage(), file);
            return java(file);
        }
        p.getOutputStream().close();
        return new ProcessStream(p, name, stderr);
    }

    private static InputStream java(Path file) throws IOException {
        return new BZip2CompressorInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
    }

    /**
     * The decoder's output; at its end the exit code is checked, so a decoder that fails (a
     * truncated or damaged archive, a killed process) fails the read with its own words.
     */
    private static final class ProcessStream extends FilterInputStream {
        private final Process process;
        private final String name;
        private final Path stderr;
        private boolean checked;

        ProcessStream(Process process, String name, Path stderr) {
            super(new BufferedInputStream(process.getInputStream(), 1 << 16));
            this.process = process;
            this.name = name;
            this.stderr = stderr;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                check();
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n < 0) {
                check();
            }
            return n;
        }

        /** Waits for the decoder's exit; a non-zero one is an IOException with what it wrote on stderr. */
        private void check() throws IOException {
            if (checked) {
                return;
            }
            checked = true;
            try {
                if (!process.waitFor(1, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IOException(name + " -dc did not exit after its output ended");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new IOException(name + " -dc interrupted", e);
            }
            int code = process.exitValue();
            if (code != 0) {
                String said = Files.readString(stderr, StandardCharsets.UTF_8).strip().replace('\n', ' ');
                throw new IOException(name + " -dc exited with " + code + (said.isEmpty() ? "" : ": " + said));
            }
        }

        /**
         * Reads what is left (the tar reader stops at its end marker) so the decoder can exit,
         * unless the read failed, in which case it is stopped.
         */
        @Override
        public void close() throws IOException {
            try {
                if (!checked && process.isAlive()) {
                    process.destroyForcibly();
                } else {
                    check();
                }
            } finally {
                super.close();
                Files.deleteIfExists(stderr);
            }
        }
    }
}
