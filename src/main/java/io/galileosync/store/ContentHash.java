package io.galileosync.store;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A 64-bit hash of a record's key and content (not its origin or receive time): equal on every node that
 * holds the same version, whatever path it came by, so two versions of a key compare by it and a digest can
 * sum it per IMEI.
 */
public final class ContentHash {

    /** Canonical form for hashing: map entries by key, so attribute order never changes a hash. */
    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private ContentHash() {
    }

    public static long of(TrackRecord record) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(CANONICAL.writeValueAsBytes(record));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
