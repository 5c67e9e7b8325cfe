package io.galileosync.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.galileosync.ingest.CommandPacket;
import io.galileosync.ingest.IngestServer;
import io.galileosync.ingest.SimulatedTracker;
import io.galileosync.store.NodeIdentity;
import io.galileosync.sync.LogEntry;
import io.galileosync.sync.LogMerge;
import io.galileosync.sync.TestNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Commands relayed across a team of two real nodes (each its own Spring context, H2 database, HTTP and TCP
 * ports), synced over real, signed HTTP, to simulated trackers on real TCP connections. Each test has trackers
 * of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandRelayTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Duration NOTHING = Duration.ofMillis(1500);

    @TempDir
    static Path dir;

    private TestNode a;
    private TestNode b;
    private final NodeApi api = new NodeApi();

    @BeforeAll
    void startNodes() {
        a = TestNode.start("a", dir.resolve("a"), "galileo.commands.expiry-check=200ms");
        b = TestNode.start("b", dir.resolve("b"), "galileo.commands.expiry-check=200ms");
    }

    @AfterAll
    void stopNodes() {
        a.close();
        b.close();
    }

    @Test
    void aCommandQueuedOnAIsSentByBWhereTheTrackerIsAndItsReplyShowsOnAAfterTheNextSync() throws Exception {
        String imei = "356000000011001";
        JsonNode queued = api.queue(a, imei, "{\"text\": \"status\"}");
        String id = queued.get("id").asString();
        long number = queued.get("number").asLong();
        assertThat(queued.get("state").asString()).isEqualTo("queued");
        assertThat(queued.get("createdBy").asString()).isEqualTo(nodeId(a));
        assertThat(number).isBetween(1L, CommandPacket.MAX_COMMAND_NUMBER);
        String replyText = "Dev:GalileoSky v5.0 ID:7 INALL:in0=0 in1=1 Out=0010 V=12.3";
        try (SimulatedTracker tracker = SimulatedTracker.connect(port(b), imei)) {
            assertThat(tracker.awaitCommand(NOTHING)).as("b has not heard of it yet").isEmpty();
            a.syncWith(b);
            CommandPacket command = tracker.awaitCommand(WAIT).orElseThrow();
            assertThat(command.imei()).isEqualTo(imei);
            assertThat(command.commandNumber()).isEqualTo(number);
            assertThat(command.text()).isEqualTo("status");
            await().atMost(WAIT).until(() -> state(b, id).equals("sent"));
            assertThat(api.command(b, id).get("sentBy").asString()).isEqualTo(nodeId(b));
            tracker.reply(number, replyText);
            JsonNode onB = api.command(b, id); // the reply's ACK came after its entry was committed
            assertThat(onB.get("state").asString()).isEqualTo("replied");
            assertThat(tracker.awaitCommand(NOTHING)).as("sent once").isEmpty();
        }
        assertThat(state(a, id)).as("a hears of the send and reply at its next sync").isEqualTo("queued");
        a.syncWith(b);
        JsonNode onA = api.command(a, id);
        assertThat(onA.get("state").asString()).isEqualTo("replied");
        assertThat(onA.get("sends").asInt()).isEqualTo(1);
        assertThat(onA.get("sentBy").asString()).isEqualTo(nodeId(b));
        assertThat(onA.get("reply").get("text").asString()).isEqualTo(replyText);
        assertThat(onA.get("reply").get("receivedBy").asString()).isEqualTo(nodeId(b));
        assertThat(onA).as("both nodes fold the same entries into the same state").isEqualTo(api.command(b, id));
        assertThat(records(b, imei)).as("the reply is the queue's, not a record").isZero();
    }

    @Test
    void aCommandPastItsExpiryIsMarkedExpiredAndNeverSent() throws Exception {
        String imei = "356000000011002";
        JsonNode queued = api.queue(a, imei, "{\"text\": \"status\", \"expiresIn\": \"PT1S\"}");
        String id = queued.get("id").asString();
        assertThat(Duration.between(Instant.parse(queued.get("createdAt").asString()),
                Instant.parse(queued.get("expiresAt").asString()))).isEqualTo(Duration.ofSeconds(1));
        await().atMost(WAIT).until(() -> state(a, id).equals("expired"));
        JsonNode expired = api.command(a, id);
        assertThat(Instant.parse(expired.get("endedAt").asString()))
                .isAfterOrEqualTo(Instant.parse(expired.get("expiresAt").asString()));
        assertThat(expired.get("sends").asInt()).isZero();
        try (SimulatedTracker tracker = SimulatedTracker.connect(port(a), imei)) {
            assertThat(tracker.awaitCommand(NOTHING)).isEmpty();
        }
        a.syncWith(b);
        assertThat(state(b, id)).isEqualTo("expired");
        try (SimulatedTracker tracker = SimulatedTracker.connect(port(b), imei)) {
            assertThat(tracker.awaitCommand(NOTHING)).as("nor by the other node").isEmpty();
        }
    }

    @Test
    void aSendLeftUnansweredByAClosedConnectionIsSentAgainWithTheSameNumberUntilItFails() throws Exception {
        String imei = "356000000011003";
        JsonNode queued = api.queue(b, imei, "{\"text\": \"Out 1,1\"}");
        String id = queued.get("id").asString();
        long number = queued.get("number").asLong();
        assertThat(queued.get("maxSends").asInt()).isEqualTo(3);
        for (int send = 1; send <= 2; send++) {
            try (SimulatedTracker tracker = SimulatedTracker.connect(port(b), imei)) {
                assertThat(tracker.awaitCommand(WAIT).orElseThrow().commandNumber()).isEqualTo(number);
                assertThat(tracker.awaitCommand(NOTHING)).as("not again on the same connection").isEmpty();
            }
            int sends = send;
            await().atMost(WAIT).until(() -> api.command(b, id).get("sends").asInt() == sends
                    && state(b, id).equals("queued"));
        }
        // the tracker moves to the other node: once synced, a knows both sends went unanswered and sends it
        a.syncWith(b);
        try (SimulatedTracker tracker = SimulatedTracker.connect(port(a), imei)) {
            CommandPacket third = tracker.awaitCommand(WAIT).orElseThrow();
            assertThat(third.commandNumber()).isEqualTo(number);
            assertThat(third.text()).isEqualTo("Out 1,1");
        }
        await().atMost(WAIT).until(() -> state(a, id).equals("failed"));
        JsonNode failed = api.command(a, id);
        assertThat(failed.get("sends").asInt()).isEqualTo(3);
        assertThat(failed.get("sentBy").asString()).isEqualTo(nodeId(a));
        assertThat(failed.get("endedAt").isNull()).isFalse();
        try (SimulatedTracker tracker = SimulatedTracker.connect(port(a), imei)) {
            assertThat(tracker.awaitCommand(NOTHING)).as("three sends at most").isEmpty();
        }
        a.syncWith(b);
        assertThat(state(b, id)).isEqualTo("failed");
    }

    @Test
    void aReplyWithANumberNoCommandHasIsKeptAndSynced() throws Exception {
        String imei = "356000000011004";
        try (SimulatedTracker tracker = SimulatedTracker.connect(port(a), imei)) {
            tracker.reply(0xDEADBEEFL, "IMEI " + imei);
        }
        JsonNode replies = api.json(a, "/api/devices/" + imei + "/command-replies");
        assertThat(replies).hasSize(1);
        JsonNode reply = replies.get(0);
        assertThat(reply.get("number").asLong()).isEqualTo(0xDEADBEEFL);
        assertThat(reply.get("text").asString()).isEqualTo("IMEI " + imei);
        assertThat(reply.get("commandId").isNull()).isTrue();
        assertThat(reply.get("receivedBy").asString()).isEqualTo(nodeId(a));
        assertThat(records(a, imei)).isZero();
        a.syncWith(b);
        assertThat(api.json(b, "/api/devices/" + imei + "/command-replies")).isEqualTo(replies);
    }

    /** A context may be stopped and started again (Spring pauses a cached test context it does not use). */
    @Test
    void repliesAreKeptAfterTheQueuesWritesStopAndStartAgain() throws Exception {
        String imei = "356000000011010";
        CommandWriter writes = b.bean(CommandWriter.class);
        writes.stop();
        assertThat(writes.isRunning()).isFalse();
        writes.start();
        try (SimulatedTracker tracker = SimulatedTracker.connect(port(b), imei)) {
            tracker.reply(77, "IMEI " + imei);
        }
        assertThat(api.json(b, "/api/devices/" + imei + "/command-replies")).hasSize(1);
    }

    @Test
    void whenBothNodesSeeTheTrackerBothSendAndAgreeThatTheFirstSendCounts() throws Exception {
        String imei = "356000000011005";
        JsonNode queued = api.queue(a, imei, "{\"text\": \"status\"}");
        String id = queued.get("id").asString();
        long number = queued.get("number").asLong();
        a.syncWith(b);
        try (SimulatedTracker viaA = SimulatedTracker.connect(port(a), imei);
             SimulatedTracker viaB = SimulatedTracker.connect(port(b), imei)) {
            assertThat(viaA.awaitCommand(WAIT).orElseThrow().commandNumber()).isEqualTo(number);
            assertThat(viaB.awaitCommand(WAIT).orElseThrow().commandNumber()).as("the duplicate repeats the number")
                    .isEqualTo(number);
            await().atMost(WAIT).until(() -> state(a, id).equals("sent") && state(b, id).equals("sent"));
            a.syncWith(b);
            List<Map<String, Object>> sends = a.jdbc().sql("select origin_node, happened_at from command_events"
                    + " where command_id = ? and kind = 'sent'").param(id).query().listOfRows();
            assertThat(sends).extracting(row -> row.get("ORIGIN_NODE")).containsExactlyInAnyOrder(nodeId(a), nodeId(b));
            Map<String, Object> first = sends.stream().min(Comparator
                    .comparingLong((Map<String, Object> row) -> (Long) row.get("HAPPENED_AT"))
                    .thenComparing(row -> (String) row.get("ORIGIN_NODE"))).orElseThrow();
            for (TestNode node : List.of(a, b)) {
                JsonNode command = api.command(node, id);
                assertThat(command.get("state").asString()).isEqualTo("sent");
                assertThat(command.get("sends").asInt()).as("one attempt, sent twice").isEqualTo(1);
                assertThat(command.get("sentBy").asString()).isEqualTo(first.get("ORIGIN_NODE"));
                assertThat(Instant.parse(command.get("sentAt").asString()).toEpochMilli())
                        .isEqualTo(first.get("HAPPENED_AT"));
            }
            assertThat(viaA.awaitCommand(NOTHING)).as("neither sends it again").isEmpty();
            assertThat(viaB.awaitCommand(NOTHING)).isEmpty();
            viaB.reply(number, "OUT(3..0) = 0000");
        }
        a.syncWith(b);
        assertThat(api.command(a, id)).isEqualTo(api.command(b, id));
        assertThat(state(a, id)).isEqualTo("replied");
    }

    @Test
    void aPhotoComesToItsMakephotoCommandAndIsSynced() throws Exception {
        String imei = "356000000011006";
        HttpResponse<String> created = api.post(a, "/api/devices/" + imei + "/commands/photo", null);
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode queued = NodeApi.JSON.readTree(created.body());
        String id = queued.get("id").asString();
        assertThat(queued.get("text").asString()).isEqualTo("Makephoto 1");
        byte[] jpeg = SimulatedTracker.picture(new Random(1106), 80, 60);
        try (SimulatedTracker tracker = SimulatedTracker.connect(port(a), imei)) {
            CommandPacket command = tracker.awaitCommand(WAIT).orElseThrow();
            assertThat(command.text()).isEqualTo("Makephoto 1");
            tracker.reply(command.commandNumber(), "Photo ok");
            tracker.sendPhoto(jpeg, 900);
        }
        JsonNode photo = api.command(a, id).get("photos").get(0);
        assertThat(photo.get("bytes").asInt()).isEqualTo(jpeg.length);
        assertThat(photo.get("receivedBy").asString()).isEqualTo(nodeId(a));
        HttpResponse<byte[]> image = api.bytes(a, photo.get("url").asString());
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(image.body()).isEqualTo(jpeg);
        a.syncWith(b);
        JsonNode onB = api.command(b, id);
        assertThat(onB.get("state").asString()).isEqualTo("replied");
        assertThat(onB.get("reply").get("text").asString()).isEqualTo("Photo ok");
        assertThat(onB.get("photos")).isEqualTo(api.command(a, id).get("photos"));
        assertThat(api.bytes(b, photo.get("url").asString()).body()).isEqualTo(jpeg);
    }

    @Test
    void badCommandsAreRefusedAsProblemsAndTypedHelpersQueueTheirTexts() throws Exception {
        String imei = "356000000011007";
        String path = "/api/devices/" + imei + "/commands";
        assertProblem(api.post(a, path, "{\"text\": \"" + "a".repeat(256) + "\"}"), 400, "256 bytes");
        assertProblem(api.post(a, path, "{\"text\": \"Out 1,1 \u2713\"}"), 400, "CP1251");
        assertProblem(api.post(a, path, "{\"text\": \"\"}"), 400, "empty");
        assertProblem(api.post(a, path, "{}"), 400, "text");
        assertProblem(api.post(a, path, "{\"text\": \"status\", \"expiresIn\": \"PT0S\"}"), 400, "expiresIn");
        assertProblem(api.post(a, "/api/devices/12345/commands", "{\"text\": \"status\"}"), 400, "15 digits");
        assertProblem(api.post(a, path + "/output", "{\"output\": 16, \"on\": true}"), 400, "0-15");
        assertProblem(api.get(a, "/api/commands/no-such-command"), 404, "No command");
        assertThat(api.queue(a, imei, "{\"text\": \"\u0421\u0442\u0430\u0442\u0443\u0441\"}").get("text").asString())
                .as("Cyrillic is CP1251").isEqualTo("\u0421\u0442\u0430\u0442\u0443\u0441");
        assertThat(NodeApi.JSON.readTree(api.post(a, path + "/output", "{\"output\": 2, \"on\": false}").body())
                .get("text").asString()).isEqualTo("Out 2,0");
        assertThat(NodeApi.JSON.readTree(api.post(a, path + "/status", null).body()).get("text").asString())
                .isEqualTo("status");
        HttpResponse<String> list = api.get(a, path + "?limit=2");
        assertThat(list.headers().firstValue("X-Total-Count")).hasValue("3");
        assertThat(NodeApi.JSON.readTree(list.body())).extracting(c -> c.get("text").asString())
                .as("newest first").containsExactly("status", "Out 2,0");
    }

    @Test
    void theOriginalAppsCommandEndpointsAnswerInItsShapes() throws Exception {
        String imei = "356000000011008";
        JsonNode sent = NodeApi.JSON.readTree(api.post(a, "/api/command",
                "{\"imei\": \"" + imei + "\", \"deviceNumber\": 0, \"commandText\": \"status\"}").body());
        assertThat(sent.get("success").asBoolean()).isTrue();
        assertThat(sent.get("status").asString()).isEqualTo("queued");
        long number = sent.get("commandNumber").asLong();
        try (SimulatedTracker tracker = SimulatedTracker.connect(port(a), imei)) {
            CommandPacket command = tracker.awaitCommand(WAIT).orElseThrow();
            assertThat(command.commandNumber()).isEqualTo(number);
            tracker.reply(number, "INALL:in0=1");
        }
        JsonNode output = NodeApi.JSON.readTree(api.post(a, "/api/command/set-output",
                "{\"imei\": \"" + imei + "\", \"deviceNumber\": 0, \"outputNumber\": 3, \"value\": true}").body());
        assertThat(output.get("success").asBoolean()).isTrue();
        JsonNode status = api.json(a, "/api/command/status?commandNumber=" + number);
        assertThat(status.get("success").asBoolean()).isTrue();
        JsonNode command = status.get("command");
        assertThat(command.get("imei").asString()).isEqualTo(imei);
        assertThat(command.get("deviceNumber").asInt()).as("the tracker's, from its head packet").isEqualTo(7);
        assertThat(command.get("commandText").asString()).isEqualTo("status");
        assertThat(command.get("status").asString()).isEqualTo("completed");
        assertThat(command.get("response").asString()).isEqualTo("INALL:in0=1");
        assertThat(Instant.parse(command.get("responseTime").asString()))
                .isAfterOrEqualTo(Instant.parse(command.get("timestamp").asString()));
        JsonNode responses = api.json(a, "/api/command/responses");
        assertThat(responses.get("success").asBoolean()).isTrue();
        assertThat(responses.get("responses")).filteredOn(r -> r.get("imei").asString().equals(imei))
                .extracting(r -> r.get("commandText").asString() + "/" + r.get("status").asString())
                .containsExactly("Out 3,1/queued", "status/completed");
        HttpResponse<String> missing = api.post(a, "/api/command", "{\"imei\": \"" + imei + "\"}");
        JsonNode refusal = assertProblem(missing, 400, "required");
        assertThat(refusal.get("success").asBoolean()).isFalse();
        assertThat(refusal.get("error").asString()).isEqualTo("IMEI and command text are required");
        assertThat(assertProblem(api.post(a, "/api/command", "{not json"), 400, "Invalid JSON").get("error").asString())
                .isEqualTo("Invalid JSON data");
        JsonNode unknown = assertProblem(api.get(a, "/api/command/status?commandNumber=0"), 404, "not found");
        assertThat(unknown.get("error").asString()).isEqualTo("Command not found");
    }

    @Test
    void entriesFromPeersAreCheckedBeforeTheyAreKeptAndAnOriginsRunStopsAtTheFirstBadOne() throws Exception {
        CommandLog commandLog = a.bean(CommandLog.class);
        String origin = "f0000000-0000-4000-8000-000000000001";
        long now = System.currentTimeMillis();
        String imei = "356000000011009";
        ObjectNode good = created("a0000000-0000-4000-8000-000000000001", imei, 1_000_001, now, "status");
        List<LogEntry> entries = List.of(new LogEntry(origin, 1, good),
                new LogEntry(origin, 2, created("a0000000-0000-4000-8000-000000000002", "12345", 1_000_002, now, "x")),
                new LogEntry(origin, 3, created("a0000000-0000-4000-8000-000000000003", imei, 1_000_003, now, "y")));
        LogMerge merged = commandLog.merge(entries);
        assertThat(merged).extracting(LogMerge::inserted, LogMerge::duplicates, LogMerge::rejected)
                .containsExactly(1, 0, 2);
        assertThat(merged.firstRejection()).contains("entry 2").contains("IMEI 12345");
        assertThat(commandLog.vector()).containsEntry(origin, 1L);
        assertThat(commandLog.merge(entries)).extracting(LogMerge::inserted, LogMerge::duplicates)
                .as("idempotent").containsExactly(0, 1);
        assertThat(state(a, "a0000000-0000-4000-8000-000000000001")).isEqualTo("queued");

        Map<String, ObjectNode> refused = Map.of(
                "later than now", created("a0000000-0000-4000-8000-000000000004", imei, 1_000_004,
                        now + Duration.ofHours(1).toMillis(), "status"),
                "CP1251", created("a0000000-0000-4000-8000-000000000005", imei, 1_000_005, now, "\u2713"),
                "not a UUID", created("not-a-uuid", imei, 1_000_006, now, "status"),
                "created with jpeg", (ObjectNode) created("a0000000-0000-4000-8000-000000000007", imei, 1_000_007,
                        now, "status").put("jpeg", "/9j/2Q=="),
                "unreadable", NodeApi.JSON.createObjectNode().put("kind", "deleted").put("imei", imei)
                        .put("at", now),
                "not a whole JPEG", NodeApi.JSON.createObjectNode().put("kind", "photo").put("imei", imei)
                        .put("at", now).put("jpeg", Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4})),
                "attempt", NodeApi.JSON.createObjectNode().put("kind", "sent").put("imei", imei).put("at", now)
                        .put("number", 1_000_001).put("command", "a0000000-0000-4000-8000-000000000001")
                        .put("attempt", 0));
        for (Map.Entry<String, ObjectNode> bad : refused.entrySet()) {
            LogMerge outcome = commandLog.merge(List.of(new LogEntry(origin, 2, bad.getValue())));
            assertThat(outcome.rejected()).as(bad.getKey()).isEqualTo(1);
            assertThat(outcome.firstRejection()).as(bad.getKey()).contains(bad.getKey());
        }
        LogMerge gap = commandLog.merge(List.of(new LogEntry(origin, 5, created(
                "a0000000-0000-4000-8000-000000000008", imei, 1_000_008, now, "status"))));
        assertThat(gap.firstRejection()).contains("gap after 1");
        assertThat(commandLog.vector()).containsEntry(origin, 1L);
    }

    // ---------------------------------------------------------------- helpers

    private static ObjectNode created(String id, String imei, long number, long at, String text) {
        return NodeApi.JSON.createObjectNode().put("kind", "created").put("command", id).put("imei", imei)
                .put("number", number).put("at", at).put("text", text).put("expiresAt", at + 60_000)
                .put("maxSends", 3);
    }

    private JsonNode assertProblem(HttpResponse<String> response, int status, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = NodeApi.JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asString()).containsIgnoringCase(detail);
        return problem;
    }

    private String state(TestNode node, String id) throws Exception {
        HttpResponse<String> response = api.get(node, "/api/commands/" + id);
        return response.statusCode() == 404 ? "unknown" : NodeApi.JSON.readTree(response.body()).get("state").asString();
    }

    private static int port(TestNode node) {
        return node.bean(IngestServer.class).port();
    }

    private static String nodeId(TestNode node) {
        return node.bean(NodeIdentity.class).nodeId();
    }

    private static long records(TestNode node, String imei) {
        return node.jdbc().sql("select count(*) from records r join record_imeis i on r.imei_id = i.id where i.imei = ?").param(imei).query(Long.class).single();
    }
}
