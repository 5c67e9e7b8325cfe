package io.galileosync.sync;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import tools.jackson.databind.json.JsonMapper;

/**
 * The peer protocol's values and its body encoding: JSON, gzip-compressed in both directions.
 * A version vector travels in a query as {@code origin:seq,origin:seq}.
 */
final class PeerWire {

    static final JsonMapper JSON = JsonMapper.builder().build();
    /** For values read one at a time out of a larger document (what follows is the rest of it, not garbage). */
    static final JsonMapper STREAM = JsonMapper.builder()
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    static final String GZIP = "gzip";

    private PeerWire() {
    }

    /**
     * {@code GET /peer/status}: what a peer needs before syncing with this node, and the peers this node knows
     * (peer-address exchange: the caller lists the ones it does not know as discovered, via "peer").
     *
     * @param logVectors each replicated log's vector (null from older nodes): a log the caller is level with
     *                   costs it no request
     */
    record PeerStatus(String nodeId, String name, String epoch, Map<String, Long> vector, List<PeerRef> peers,
                      List<String> formats, Map<String, Map<String, Long>> logVectors) {
        PeerStatus(String nodeId, String name, String epoch, Map<String, Long> vector) {
            this(nodeId, name, epoch, vector, List.of(), List.of(), null);
        }

        PeerStatus(String nodeId, String name, String epoch, Map<String, Long> vector, List<PeerRef> peers) {
            this(nodeId, name, epoch, vector, peers, List.of(), null);
        }

        /** Whether the peer takes batches in {@link BatchCodec}'s compact form (older nodes take JSON only). */
        boolean takesCompactBatches() {
            return formats != null && formats.contains(BatchCodec.MEDIA_TYPE);
        }
    }

    /** A peer another node knows: its last address, who answered there, and when they last synced. */
    record PeerRef(String url, String nodeId, String name, Long lastSyncAt) {
    }

    /**
     * One batch of the delta stream, ordered by (origin, originSeq).
     *
     * @param complete per origin, everything up to this seq has now been sent: the receiver commits the records
     *                 and raises its vector to this in the same transaction
     * @param more     the sender holds more the receiver lacks: ask again with the raised vector
     */
    record Batch(String nodeId, String epoch, List<WireRecord> records, Map<String, Long> complete, boolean more) {
        boolean isEmpty() {
            return records.isEmpty() && complete.isEmpty();
        }
    }

    /** {@code GET /peer/digest}: per IMEI (or IMEI/bucket) count and hash sum. */
    record DigestAnswer(String nodeId, long bucketMs, Map<String, Digest.Entry> imeis) {
    }

    /**
     * {@code POST /peer/digest}: what the asking node keeps, so that both sides compare only what both keep.
     *
     * @param minTime  its retention age horizon (records older are pruned and refused), or null
     * @param horizons per IMEI, the time before which it pruned records
     */
    record DigestRequest(Long minTime, Map<String, Long> horizons) {
    }

    /** The answer to a {@link DigestRequest}: the digest above both sides' horizons, and what this side keeps. */
    record KeptDigest(String nodeId, Long minTime, Map<String, Long> horizons, Map<String, Digest.Entry> imeis) {
    }

    /** The format name of a full export file ({@link ExportFiles}). */
    static final String EXPORT_FORMAT = "galileo-sync/1";

    static String encodeVector(Map<String, Long> vector) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(vector).forEach((origin, seq) -> out.append(out.isEmpty() ? "" : ",").append(origin)
                .append(':').append(seq));
        return out.toString();
    }

    /** @throws IllegalArgumentException for a malformed vector */
    static Map<String, Long> decodeVector(String text) {
        Map<String, Long> vector = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return vector;
        }
        for (String entry : text.split(",")) {
            int colon = entry.lastIndexOf(':');
            if (colon <= 0 || colon > 36) {
                throw new IllegalArgumentException("bad vector entry '" + entry + "' (want origin:seq)");
            }
            vector.merge(entry.substring(0, colon), Long.parseLong(entry.substring(colon + 1)), Math::max);
        }
        return vector;
    }

    static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 4 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 8192)) {
            gzip.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Gunzips at most {@code limit} bytes: a small body must not inflate into a huge one (a gzip bomb). */
    static byte[] gunzip(byte[] compressed, int limit) throws IOException, TooLargeException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            return readAtMost(in, limit);
        }
    }

    static byte[] readAtMost(InputStream in, int limit) throws IOException, TooLargeException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16384];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            total += n;
            if (total > limit) {
                throw new TooLargeException(limit);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** A body beyond the configured limit (413). */
    static final class TooLargeException extends Exception {
        TooLargeException(int limit) {
            super("body larger than " + limit + " bytes");
        }
    }
}
