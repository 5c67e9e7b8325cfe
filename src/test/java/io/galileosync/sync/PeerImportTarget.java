package io.galileosync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.store.NodeIdentity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real node taking pushes to {@code POST /peer/import} from a team member that signs correctly but sends
 * anything: the bodies start as delta batches that member really exported, then {@link BatchMutator} bends
 * them. After each push the node must have answered 200 or a 4xx problem (never a 500, never a hang), stay UP,
 * and keep its store consistent; at the end it must still sync with its peer.
 */
final class PeerImportTarget implements AutoCloseable {

    private static final long SEED = 0x6A11_1E05_5EEDL;

    private final TestNode member;
    private final TestNode node;
    private final BatchMutator mutator;
    private final SignedPeerRequests signed;
    private final List<JsonNode> exported;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(SignedPeerRequests.TIMEOUT).build();
    private final ServerErrors serverErrors = new ServerErrors();

    private PeerImportTarget(TestNode member, TestNode node) throws Exception {
        this.member = member;
        this.node = node;
        this.signed = new SignedPeerRequests(member);
        member.ingest(TestNode.randomRecords(new Random(SEED), 200, 4));
        this.exported = exportedBatches();
        this.mutator = new BatchMutator(List.of(member.bean(NodeIdentity.class).nodeId(),
                node.bean(NodeIdentity.class).nodeId()));
    }

    static PeerImportTarget start(Path dir) throws Exception {
        TestNode member = TestNode.start("fuzz-member", dir.resolve("member"), "galileo.sync.batch-records=25");
        try {
            return new PeerImportTarget(member, TestNode.start("fuzz-node", dir.resolve("node")));
        } catch (Exception | Error e) {
            member.close();
            throw e;
        }
    }

    /** The member's delta batches as it serves them to a peer that has nothing yet. */
    private List<JsonNode> exportedBatches() throws Exception {
        List<JsonNode> batches = new ArrayList<>();
        Map<String, Long> vector = new HashMap<>();
        JsonNode batch;
        do {
            HttpResponse<String> answer = signed.get(member, "/peer/export?since=" + PeerWire.encodeVector(vector));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            batch = PeerWire.JSON.readTree(answer.body());
            batches.add(batch);
            batch.get("complete").properties().forEach(e -> vector.merge(e.getKey(), e.getValue().asLong(), Math::max));
        } while (batch.get("more").asBoolean());
        assertThat(batches).hasSizeGreaterThan(1);
        return List.copyOf(batches);
    }

    /**
     * What the node answered to one push.
     *
     * @param known the known failure a 500 was, null for any other answer
     */
    record Answer(int status, String contentType, String body, KnownImportFailure known) {
    }

    /** Mutates an exported batch with {@code random}'s choices, pushes it, and checks the node after it. */
    Answer push(Random random, String label) throws Exception {
        BatchMutator.Mutated pushed = mutator.mutate(exported.get(random.nextInt(exported.size())), random);
        return push(pushed.body(), label + ": " + (pushed.steps().isEmpty() ? "the batch as exported"
                : pushed.steps()));
    }

    /** Pushes that known failure's example. */
    Answer push(KnownImportFailure failure) throws Exception {
        return push(PeerWire.JSON.writeValueAsBytes(failure.example((ObjectNode) exported.get(0))),
                failure + " example");
    }

    /**
     * Pushes {@code body} and checks the answer (a 500 passes only as a known failure not fixed yet), that the
     * node is UP and that its store is consistent.
     */
    private Answer push(byte[] body, String what) throws Exception {
        HttpResponse<String> response = signed.post(node, "/peer/import", body);
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        KnownImportFailure known = null;
        if (response.statusCode() == 500) {
            String error = serverErrors.takeLatest().orElse("(no exception logged)");
            known = KnownImportFailure.of(error).filter(KnownImportFailure.STILL_FAILING::contains).orElseThrow(
                    () -> new AssertionError(what + " -> 500 " + response.body() + "\nserver: " + error));
        } else {
            assertThat(response.statusCode()).as("%s -> %s", what, response.body()).isBetween(200, 499);
            if (response.statusCode() != 200) {
                assertThat(response.statusCode()).as("%s -> %s", what, response.body()).isGreaterThanOrEqualTo(400);
                assertThat(contentType).as("%s -> %s", what, response.body()).contains("application/problem+json");
            }
        }
        assertHealthy(what);
        assertConsistent(what);
        return new Answer(response.statusCode(), contentType, response.body(), known);
    }

    void assertHealthy(String after) throws Exception {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(node.url() + "/actuator/health"))
                .timeout(SignedPeerRequests.TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as("health after %s: %s", after, health.body()).isEqualTo(200);
        assertThat(PeerWire.JSON.readTree(health.body()).path("status").asString()).as("after %s", after)
                .isEqualTo("UP");
    }

    /** Every record counted on its device, and no record without one. */
    void assertConsistent(String after) {
        long records = node.count();
        long counted = node.jdbc().sql("select coalesce(sum(record_count), 0) from devices").query(Long.class).single();
        long orphans = node.jdbc().sql("select count(*) from records r join record_imeis i on r.imei_id = i.id"
                + " where not exists (select 1 from devices d where d.imei = i.imei)").query(Long.class).single();
        assertThat(counted).as("devices' record counts after %s", after).isEqualTo(records);
        assertThat(orphans).as("records without a device after %s", after).isZero();
    }

    /** Whatever the node took, it can still hand on: its peer syncs with it and both hold the same records. */
    void assertStillSyncs() {
        SyncService.SyncResult result = member.syncWith(node);
        assertThat(member.digest()).as("after %s", result).isEqualTo(node.digest());
        assertThat(member.count()).isEqualTo(node.count());
    }

    @Override
    public void close() {
        serverErrors.close();
        try {
            node.close();
        } finally {
            member.close();
        }
    }
}
