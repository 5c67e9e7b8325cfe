package io.galileosync.ingest;

/** Identity tags 01-04 of a packet (normally the head packet); any field may be null. */
public record DeviceHead(String imei, Integer hardwareVersion, Integer firmwareVersion, Integer deviceNumber) {
}
