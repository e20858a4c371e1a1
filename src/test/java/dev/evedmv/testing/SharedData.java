package dev.evedmv.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real public samples in the repository's {@code testdata/} folder (its {@code SOURCES.md} says
 * where each file came from and under which licence); a missing file fails the test, never skips it.
 */
public final class SharedData {
    private SharedData() {
    }

    public static Path root() {
        Path root = Path.of("testdata").toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            fail("sample data not found at " + root + " (the tests run from the repository's root)");
        }
        return root;
    }

    public static Path file(String relative) {
        Path file = root().resolve(relative);
        if (!Files.exists(file)) {
            fail("sample missing: " + file);
        }
        return file;
    }

    /** {@code testdata/sde/<name>}, one static-data set. */
    public static Path sde(String name) {
        Path dir = file("sde/" + name);
        if (!Files.isDirectory(dir)) {
            fail("static-data sample " + dir + " is not a folder");
        }
        return dir;
    }

    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(file(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
