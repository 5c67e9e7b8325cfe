package io.galileosync.ingest;

import io.galileosync.config.ApiParams;
import io.swagger.v3.oas.annotations.media.Schema;

/** A quarantined packet as the API shows it. */
record QuarantineJson(
        long id,
        String receivedAt,
        String imei,
        String remoteAddress,
        @Schema(description = "the frame's header byte, e.g. 1 = main packet, 8 = compressed") int header,
        String reason,
        @Schema(description = "the whole frame as received, hex") String frameHex,
        @Schema(description = "when it was decoded again; null while still quarantined") String redecodedAt) {

    static QuarantineJson from(QuarantinedPacket p) {
        return new QuarantineJson(p.getId(), ApiParams.iso(p.getReceivedAt()), p.getImei(), p.getRemoteAddress(),
                p.getHeader(), p.getReason(), p.getFrameHex(), ApiParams.isoOrNull(p.getRedecodedAt()));
    }
}
