package dev.evedmv.db;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictDecompress;
import com.github.luben.zstd.ZstdException;

import dev.evedmv.EveDmvException;

/**
 * How {@code killmail_payloads} keeps a payload (the ESI JSON, the zkb block): one zstd frame of
 * the bytes as received, compressed with a dictionary trained on killmails
 * ({@code payloads/payloads-N.zdict}). The server stores the frames as {@code bytea} and never
 * parses them. Each frame names its dictionary by id, so rows written with an older dictionary
 * stay readable after a newer one is added: {@link #compress} uses the {@link #CURRENT} one,
 * {@link #decompress} whichever the frame names (or none).
 */
public final class PayloadCodec {
    /** The dictionaries shipped, by version; frames carry the dictionary's own id. */
    private static final int[] VERSIONS = {1};
    /** The version new payloads are compressed with. */
    public static final int CURRENT = 1;
    private static final int LEVEL = 3;
    private static final byte[] MAGIC = {(byte) 0x28, (byte) 0xB5, (byte) 0x2F, (byte) 0xFD};

    private static final ZstdDictCompress COMPRESS;
    /** The dictionaries for reading, by the id a frame names. */
    private static final Map<Long, ZstdDictDecompress> DECOMPRESS;

    static {
        ZstdDictCompress current = null;
        Map<Long, ZstdDictDecompress> byId = new HashMap<>();
        for (int version : VERSIONS) {
            byte[] dict = dictionary(version);
            byId.put(Zstd.getDictIdFromDict(dict), new ZstdDictDecompress(dict));
            if (version == CURRENT) {
                current = new ZstdDictCompress(dict, LEVEL);
            }
        }
        COMPRESS = current;
        DECOMPRESS = Map.copyOf(byId);
    }

    private PayloadCodec() {
    }

    /** The stored form of {@code json}; null stays null. */
    public static byte[] compress(byte[] json) {
        return json == null ? null : Zstd.compress(json, COMPRESS);
    }

    /** The bytes {@link #compress} was given; null stays null. */
    public static byte[] decompress(byte[] stored) {
        if (stored == null) {
            return null;
        }
        if (stored.length < MAGIC.length || !Arrays.equals(stored, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new EveDmvException("a stored payload is not a zstd frame (" + stored.length + " bytes)");
        }
        long size = Zstd.getFrameContentSize(stored);
        if (size < 0 || size > Integer.MAX_VALUE) {
            throw new EveDmvException("a stored payload's zstd frame gives no size (" + stored.length + " bytes)");
        }
        long dictId = Zstd.getDictIdFromFrame(stored);
        try {
            if (dictId == 0) {
                return Zstd.decompress(stored, (int) size);
            }
            ZstdDictDecompress dict = DECOMPRESS.get(dictId);
            if (dict == null) {
                throw new EveDmvException("a stored payload was compressed with zstd dictionary " + dictId
                        + ", which this eve-dmv does not have (written by a newer version)");
            }
            return Zstd.decompress(stored, dict, (int) size);
        } catch (ZstdException e) {
            throw new EveDmvException("a stored payload is a damaged zstd frame: " + e.getMessage(), e);
        }
    }

    private static byte[] dictionary(int version) {
        String name = "payloads/payloads-" + version + ".zdict";
        try (InputStream in = PayloadCodec.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
    }
}
