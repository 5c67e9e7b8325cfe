package io.galileosync.sync;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.galileosync.FuzzRandom;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.util.FileSystemUtils;

/**
 * Jazzer steers the mutations of delta batches pushed to a real node's {@code POST /peer/import}, signed as a
 * team member (see {@link PeerImportTarget} for what must hold after each push, and at the end, that the node
 * still syncs). The fuzzer's bytes are the mutator's random choices; all zeros is the batch as exported. Known
 * failures not fixed yet are tolerated and counted.
 */
class PeerImportFuzzTest {

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1");
    private static final Map<KnownImportFailure, Integer> KNOWN = new EnumMap<>(KnownImportFailure.class);
    private static Path dir;
    private static PeerImportTarget target;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("peer-import-fuzz");
        target = PeerImportTarget.start(dir);
    }

    @AfterAll
    static void stop() {
        try (SilentCloseable ignored = loopbackOnly()) {
            target.assertStillSyncs();
            System.out.println("known import failures hit (tolerated while in STILL_FAILING): " + KNOWN);
        } finally {
            target.close();
            FileSystemUtils.deleteRecursively(dir.toFile());
        }
    }

    /** The batch as exported, and seeded-random choices like those of {@link PeerImportRandomTest}. */
    static Stream<byte[]> mutatedBatch() {
        return Stream.concat(Stream.of(new byte[0]), LongStream.range(0, 30).mapToObj(seed -> {
            byte[] bytes = new byte[256];
            new Random(seed).nextBytes(bytes);
            return bytes;
        }));
    }

    @MethodSource
    @FuzzTest
    void mutatedBatch(byte[] input) throws Exception {
        PeerImportTarget.Answer answer;
        try (SilentCloseable ignored = loopbackOnly()) {
            answer = target.push(new FuzzRandom(input), "fuzz input");
        }
        if (answer.known() != null) {
            KNOWN.merge(answer.known(), 1, Integer::sum);
        }
    }

    /**
     * The nodes are on loopback, and Jazzer's SSRF detector reports any connection not allowed; it forgets what
     * was allowed when fuzzing starts, so each input allows it again.
     */
    private static SilentCloseable loopbackOnly() {
        return BugDetectors.allowNetworkConnections((host, port) -> LOOPBACK.contains(host));
    }
}
