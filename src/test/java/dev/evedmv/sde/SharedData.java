package dev.evedmv.sde;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real public data next to the repository ({@code ../shared/data}, as CI clones it). */
final class SharedData {
    private SharedData() {
    }

    /** {@code ../shared/data/sde/<name>}; fails the test (never skips) when it is missing. */
    static Path sde(String name) {
        Path dir = Path.of("..", "shared", "data", "sde", name).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            fail("real SDE sample " + dir + " is missing: clone the shared data next to the repository");
        }
        return dir;
    }

    static Path data() {
        return sde("zkillboard").getParent().getParent();
    }
}
