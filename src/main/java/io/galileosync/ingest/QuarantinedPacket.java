package io.galileosync.ingest;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/**
 * A packet with a valid CRC that could not be decoded, kept raw so it can be re-decoded later; read side
 * only ({@link QuarantineLog} inserts it, in the packet's group commit).
 */
@Entity
@Immutable
@Table(name = "quarantine")
class QuarantinedPacket {

    @Id
    private long id;
    private long receivedAt;
    private String imei;
    private String remoteAddress;
    private int header;
    private String reason;
    private String frameHex;
    private Long redecodedAt;

    protected QuarantinedPacket() {
    }

    public long getId() {
        return id;
    }

    public long getReceivedAt() {
        return receivedAt;
    }

    public String getImei() {
        return imei;
    }

    public String getRemoteAddress() {
        return remoteAddress;
    }

    public int getHeader() {
        return header;
    }

    public String getReason() {
        return reason;
    }

    public String getFrameHex() {
        return frameHex;
    }

    public Long getRedecodedAt() {
        return redecodedAt;
    }
}
