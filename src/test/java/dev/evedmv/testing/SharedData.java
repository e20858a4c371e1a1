package dev.evedmv.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real public samples in {@code ../shared/data} (see its README); a missing folder fails the test. */
public final class SharedData {
    private SharedData() {
    }

    public static Path root() {
        Path root = Path.of("..", "shared", "data").toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            fail("shared sample data not found at " + root + " (tests expect it beside the module root)");
        }
        return root;
    }

    public static Path file(String relative) {
        Path file = root().resolve(relative);
        if (!Files.exists(file)) {
            fail("shared sample missing: " + file);
        }
        return file;
    }

    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(file(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
