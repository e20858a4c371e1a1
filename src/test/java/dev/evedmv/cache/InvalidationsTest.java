package dev.evedmv.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.evedmv.intel.EntityKind;

/** The invalidation payloads: compact, under PostgreSQL's 8000-byte limit, and "flush all" for huge batches. */
class InvalidationsTest {

    private static Set<Entity> characters(int n) {
        Set<Entity> out = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            out.add(new Entity(EntityKind.CHARACTER, 2_100_000_000L + i));
        }
        return out;
    }

    @Test
    void smallBatchIsOneMessageThatRoundTrips() {
        Set<Entity> touched = Set.of(new Entity(EntityKind.CHARACTER, 95_000_001L), new Entity(EntityKind.REGION, 10000002));
        List<String> payloads = Invalidations.payloads(touched, 1_700_000_000_123L);
        assertThat(payloads).hasSize(1);
        Invalidations.Message m = Invalidations.Message.parse(payloads.get(0));
        assertThat(m.sentMillis()).isEqualTo(1_700_000_000_123L);
        assertThat(m.all()).isFalse();
        assertThat(m.touched()).isEqualTo(touched);
    }

    @Test
    void largeBatchIsChunkedUnderTheLimitAndLosesNothing() {
        Set<Entity> touched = characters(Invalidations.FLUSH_ABOVE);
        List<String> payloads = Invalidations.payloads(touched, 1L);
        assertThat(payloads).hasSizeGreaterThan(1);
        Set<Entity> back = new LinkedHashSet<>();
        for (String p : payloads) {
            assertThat(p.getBytes(StandardCharsets.UTF_8).length).isLessThan(8000);
            back.addAll(Invalidations.Message.parse(p).touched());
        }
        assertThat(back).isEqualTo(touched);
    }

    @Test
    void hugeBatchFlushesEverything() {
        List<String> payloads = Invalidations.payloads(characters(Invalidations.FLUSH_ABOVE + 1), 5L);
        assertThat(payloads).containsExactly("5 *");
        assertThat(Invalidations.Message.parse(payloads.get(0)).all()).isTrue();
    }
}
