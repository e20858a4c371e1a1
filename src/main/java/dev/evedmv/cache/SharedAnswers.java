package dev.evedmv.cache;

import java.time.Duration;
import java.util.Set;
import java.util.function.Function;

import dev.evedmv.intel.IntelQueries;

/**
 * A {@link SharedCache} (Redis) as a second level in front of another source: an answer the
 * process lacks is taken from the shared cache when it holds one, else worked out and put there for
 * the other processes, for its query class's time to live. What ingests touch is evicted from it too.
 */
public final class SharedAnswers implements AnswerSource {
    private final SharedCache shared;
    private final AnswerSource next;
    private final Function<CacheKey.QueryClass, Duration> ttl;

    public SharedAnswers(SharedCache shared, AnswerSource next, Function<CacheKey.QueryClass, Duration> ttl) {
        this.shared = shared;
        this.next = next;
        this.ttl = ttl;
    }

    @Override
    public Answer answer(CacheKey key, IntelQueries queries, boolean fresh) {
        if (!fresh) {
            byte[] body = shared.get(key);
            if (body != null) {
                return Answer.of(body);
            }
        }
        Answer answer = next.answer(key, queries, fresh);
        if (answer != null) {
            shared.put(key, answer.body(), ttl.apply(key.queryClass()));
        }
        return answer;
    }

    @Override
    public void withdraw(CacheKey key) {
        shared.remove(key);
        next.withdraw(key);
    }

    @Override
    public void evict(Set<Entity> touched) {
        shared.evict(touched);
        next.evict(touched);
    }

    @Override
    public void evictAll() {
        shared.evictAll();
        next.evictAll();
    }
}
