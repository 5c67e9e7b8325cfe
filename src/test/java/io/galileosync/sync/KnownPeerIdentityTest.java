package io.galileosync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A known peer is its node id: reached under two addresses, it is still one peer, and syncs one at a time. */
class KnownPeerIdentityTest {

    @TempDir
    Path dir;

    @Test
    void onePeerUnderTwoAddressesIsOneKnownPeer() {
        try (TestNode a = TestNode.start("a", dir.resolve("a"));
             TestNode b = TestNode.start("b", dir.resolve("b"))) {
            b.ingest(TestNode.randomRecords(new Random(9), 20, 1));
            a.syncWith(b);
            String other = b.url().replace("127.0.0.1", "localhost");
            a.bean(SyncService.class).sync(other + "/", "test");
            a.bean(SyncService.class).sync(other, "test");

            assertThat(a.bean(KnownPeers.class).list()).singleElement()
                    .satisfies(peer -> assertThat(peer.url()).isEqualTo(other));
            assertThat(a.keys()).isEqualTo(b.keys());
        }
    }
}
