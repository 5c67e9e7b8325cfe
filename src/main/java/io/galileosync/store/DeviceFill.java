package io.galileosync.store;

/** A device row from outside (the original app's devices.json); times in epoch ms; address may be null. */
public record DeviceFill(String imei, long firstSeen, long lastSeen, String remoteAddress) {

    /** Both fills of one device as one: the wider seen span, the later known address. */
    public DeviceFill plus(DeviceFill other) {
        return new DeviceFill(imei, Math.min(firstSeen, other.firstSeen), Math.max(lastSeen, other.lastSeen),
                other.remoteAddress != null ? other.remoteAddress : remoteAddress);
    }
}
