package io.galileosync.discovery;

/**
 * The team's current shared secret, which signs and checks discovery beacons. It may change at run time
 * (pairing with another device), so discovery asks for it on every beacon.
 */
@FunctionalInterface
public interface TeamSecret {

    /** The secret's bytes, or null when beacons are not signed. */
    byte[] current();
}
