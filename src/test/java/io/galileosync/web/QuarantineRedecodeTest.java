package io.galileosync.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A packet quarantined by an older decoder (here: a real 27-record main packet whose row was written as if
 * it had failed) is decoded again over HTTP, its records stored once, however often it is asked.
 */
class QuarantineRedecodeTest extends HttpApiTest {

    private static final String IMEI = "862057047745531";

    @Test
    void redecodeStoresTheRecordsOnceAndMarksThePacket() throws Exception {
        long id = quarantine(mainPacketOf27Records(), IMEI);

        JsonNode first = ApiClient.parse(api.post("/api/quarantine/" + id + "/redecode"));
        assertThat(first.get("decoded").asBoolean()).isTrue();
        assertThat(first.get("inserted").asInt()).isEqualTo(27);
        JsonNode again = ApiClient.parse(api.post("/api/quarantine/" + id + "/redecode"));
        assertThat(again.get("inserted").asInt()).isZero();
        assertThat(again.get("duplicates").asInt()).isEqualTo(27);

        HttpResponse<String> records = api.get("/api/records?imei=" + IMEI + "&limit=1");
        assertThat(records.headers().firstValue("X-Total-Count")).hasValue("27");
        assertThat(api.json("/api/quarantine").get(0).get("redecodedAt").isNull()).isFalse();
    }

    @Test
    void aPacketThatStillFailsSaysWhyAndStaysQuarantined() throws Exception {
        String payload = "03" + HexFormat.of().formatHex(IMEI.getBytes()) + "2000000000" + "37aabb";
        long id = quarantine(io.galileosync.simulate.PacketEncoder.frame(1, HexFormat.of().parseHex(payload), false), IMEI);

        JsonNode result = ApiClient.parse(api.post("/api/quarantine/" + id + "/redecode"));
        assertThat(result.get("decoded").asBoolean()).isFalse();
        assertThat(result.get("reason").asString()).contains("0x37");
        assertThat(api.json("/api/quarantine").get(0).get("redecodedAt").isNull()).isTrue();
    }

    @Test
    void unknownIdIsAProblem404() throws Exception {
        HttpResponse<String> response = api.post("/api/quarantine/987654/redecode");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    private long quarantine(byte[] frame, String imei) {
        jdbc.sql("""
                insert into quarantine (received_at, imei, remote_address, header, reason, frame_hex)
                values (?, ?, '127.0.0.1:5000', ?, 'decoded by an older version', ?)""")
                .params(System.currentTimeMillis(), imei, frame[0] & 0xFF, HexFormat.of().formatHex(frame)).update();
        return jdbc.sql("select max(id) from quarantine").query(Long.class).single();
    }

    /** kuznetsovin/galileosky-protocol receiver/galileo/packet_test.go: 27 records without IMEI. */
    private static byte[] mainPacketOf27Records() throws IOException {
        try (InputStream in = QuarantineRedecodeTest.class.getResourceAsStream("/galileosky/vectors.json")) {
            for (JsonNode vector : JsonMapper.builder().build().readTree(in)) {
                if (vector.get("kind").asString().startsWith("main (27 records")) {
                    return HexFormat.of().parseHex(vector.get("hex").asString());
                }
            }
        }
        throw new IllegalStateException("vector missing");
    }
}
