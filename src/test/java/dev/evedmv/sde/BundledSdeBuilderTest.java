package dev.evedmv.sde;

import dev.evedmv.testing.SharedData;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;

/** The committed bundle is exactly what the builder makes from the samples in testdata/ today. */
class BundledSdeBuilderTest {
    @Test
    void committedBundleIsUpToDate() throws IOException {
        byte[] built = BundledSdeBuilder.build(SharedData.root());
        byte[] committed;
        try (InputStream in = StaticDataBootstrap.class.getResourceAsStream(StaticDataBootstrap.BUNDLE)) {
            committed = in.readAllBytes();
        }
        assertThat(built).as("re-run BundledSdeBuilder (see dev.evedmv.sde package-info)").isEqualTo(committed);
        assertThat(committed.length).isLessThan(400_000);
    }
}
