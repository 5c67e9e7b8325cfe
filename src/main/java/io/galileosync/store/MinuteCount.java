package io.galileosync.store;

/** Records first stored in one minute (epoch minute): {@code local} from this node's trackers, the rest from peers. */
public record MinuteCount(long minute, long local, long fromPeers) {
}
