package dev.evedmv.names;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.evedmv.EveDmvException;
import dev.evedmv.testing.PostgresExtension;
import dev.evedmv.testing.TestDatabase;

/** Bulk name loads: more names than one statement merges, all or nothing. */
@ExtendWith(PostgresExtension.class)
class NameStoreTest {
    private static final long FIRST = 96_000_000L;

    @Test
    void loadsMoreNamesThanOneChunkAndReportsOnlyChangesTheSecondTime(TestDatabase db, @TempDir Path dir) throws IOException {
        int count = 2 * NameStore.CHUNK + 7;
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add("{\"id\":" + (FIRST + i) + ",\"category\":\"character\",\"name\":\"Pilot " + i + "\"}");
        }
        Path file = Files.write(dir.resolve("names.jsonl"), lines);
        NameStore store = new NameStore(db.database());

        assertThat(store.loadFile(file)).isEqualTo(count);
        assertThat(storedBetween(db, FIRST, FIRST + count)).isEqualTo(count);
        assertThat(store.loadFile(file)).isZero();

        // a rename in the last chunk is the one change
        lines.set(count - 1, "{\"id\":" + (FIRST + count - 1) + ",\"category\":\"character\",\"name\":\"Renamed\"}");
        assertThat(store.loadFile(Files.write(file, lines))).isEqualTo(1);
        String renamed = db.jdbi().withHandle(h -> h.createQuery("SELECT name FROM names WHERE id = :id")
                .bind("id", FIRST + count - 1).mapTo(String.class).one());
        assertThat(renamed).isEqualTo("Renamed");
    }

    @Test
    void aNamesFileNeverOverwritesANameFromEsiButNamesWhatEsiDoesNotKnow(TestDatabase db, @TempDir Path dir)
            throws IOException {
        long real = FIRST + 2_000_000;
        long unknownToEsi = real + 1;
        NameStore store = new NameStore(db.database());
        store.storeResolved(List.of(new Name(real, "corporation", "Drandor Mining Corp")), List.of(unknownToEsi));

        Path file = Files.write(dir.resolve("names.jsonl"), List.of(
                "{\"id\":" + real + ",\"category\":\"corporation\",\"name\":\"Dreidor Security 0\"}",
                "{\"id\":" + unknownToEsi + ",\"category\":\"character\",\"name\":\"Generated Pilot\"}"));
        assertThat(store.loadFile(file)).as("only the id ESI does not know changes").isEqualTo(1);
        assertThat(nameOf(db, real)).isEqualTo("Drandor Mining Corp");
        assertThat(nameOf(db, unknownToEsi)).isEqualTo("Generated Pilot");

        // ESI resolving the id later wins over the file, and the file does not take it back
        store.storeResolved(List.of(new Name(unknownToEsi, "character", "Real Pilot")), List.of());
        assertThat(store.loadFile(file)).isZero();
        assertThat(nameOf(db, unknownToEsi)).isEqualTo("Real Pilot");
    }

    private static String nameOf(TestDatabase db, long id) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT name FROM names WHERE id = :id").bind("id", id)
                .mapTo(String.class).one());
    }

    @Test
    void aBadLineWritesNothing(TestDatabase db, @TempDir Path dir) throws IOException {
        long first = FIRST + 1_000_000;
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < NameStore.CHUNK + 10; i++) {
            lines.add("{\"id\":" + (first + i) + ",\"category\":\"character\",\"name\":\"Pilot " + i + "\"}");
        }
        lines.add("{\"id\":\"x\",\"category\":\"character\"}");
        Path file = Files.write(dir.resolve("names.jsonl"), lines);

        assertThatThrownBy(() -> new NameStore(db.database()).loadFile(file))
                .isInstanceOf(EveDmvException.class)
                .hasMessageContaining("line " + lines.size());
        assertThat(storedBetween(db, first, first + lines.size())).isZero();
    }

    private static long storedBetween(TestDatabase db, long from, long to) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM names WHERE id >= :from AND id < :to")
                .bind("from", from).bind("to", to).mapTo(Long.class).one());
    }
}
