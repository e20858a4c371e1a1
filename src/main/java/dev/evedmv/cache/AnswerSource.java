package dev.evedmv.cache;

import java.util.Set;

import dev.evedmv.intel.IntelQueries;

/**
 * Where the {@link QueryCache} gets the answers it lacks: the database ({@link #database()}), or a
 * second level in front of it ({@link SharedAnswers}), which also hears of what ingests touched.
 */
public interface AnswerSource {
    /**
     * The answer to {@code key} through {@code queries}, or null when there is none; {@code fresh}:
     * worked out from the database even if a second level holds one.
     */
    Answer answer(CacheKey key, IntelQueries queries, boolean fresh);

    /** The answer given for {@code key} may predate an ingest: a second level must not keep it. */
    default void withdraw(CacheKey key) {
    }

    /** An ingest touched {@code touched}. */
    default void evict(Set<Entity> touched) {
    }

    /** Every answer may have changed. */
    default void evictAll() {
    }

    /** Answers worked out by their queries, serialized with their ETags. */
    static AnswerSource database() {
        return (key, queries, fresh) -> {
            Object value = key.compute(queries);
            return value == null ? null : Answer.of(queries.json().write(value));
        };
    }
}
