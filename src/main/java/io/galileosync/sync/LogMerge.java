package io.galileosync.sync;

/**
 * What a {@link ReplicatedLog#merge} did with a batch.
 *
 * @param inserted       entries new to this node, now kept
 * @param duplicates     entries it held already
 * @param rejected       entries refused (invalid content, or behind a gap or an invalid entry of their origin)
 * @param firstRejection why the first refused entry was refused; null when none was
 */
public record LogMerge(int inserted, int duplicates, int rejected, String firstRejection) {

    public static final LogMerge NOTHING = new LogMerge(0, 0, 0, null);
}
