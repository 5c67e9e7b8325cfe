/**
 * Commands to trackers, relayed across the team: a queue per IMEI kept as a replicated log of events (created,
 * sent, unanswered, replied, expired, and the photos trackers send), synced by the sync module like records;
 * each command's state is a fold of its events, the same on every node whatever order they arrived in. The
 * ingest reaches it through {@link io.galileosync.ingest.CommandChannel}; people through the REST API.
 */
package io.galileosync.command;
