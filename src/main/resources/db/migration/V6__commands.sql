-- Commands to trackers (the command module). Portable SQL: runs unchanged on H2 (2.x) and PostgreSQL (13+).

-- The command log, append-only and synced between nodes like records: each entry keeps the node it was first
-- written on and that node's sequence number (from 1, without gaps). Kinds: created, sent, unanswered, expired
-- (of a command, by command_id), replied (matched to its command by imei and command_number), photo.
create table command_events (
    origin_node    varchar(36)   not null,
    origin_seq     bigint        not null,
    kind           varchar(16)   not null,
    command_id     varchar(36),
    imei           varchar(32)   not null,
    command_number bigint        not null,
    happened_at    bigint        not null,
    attempt        integer       not null,
    body           varchar(1000),
    binary_hex     varchar(512),
    expires_at     bigint,
    max_sends      integer,
    jpeg           bytea,
    constraint pk_command_events primary key (origin_node, origin_seq)
);
create index ix_command_events_command on command_events (command_id);
create index ix_command_events_number on command_events (imei, command_number);
create index ix_command_events_kind on command_events (imei, kind, happened_at);

-- Each command's state: the fold of its entries, rewritten in the transaction that adds one of them.
create table commands (
    command_id     varchar(36)   primary key,
    imei           varchar(32)   not null,
    command_number bigint        not null,
    command_text   varchar(1000) not null,
    state          varchar(16)   not null,
    created_at     bigint        not null,
    created_by     varchar(36)   not null,
    expires_at     bigint        not null,
    max_sends      integer       not null,
    sends          integer       not null,
    sent_at        bigint,
    sent_by        varchar(36),
    reply_text     varchar(1000),
    reply_hex      varchar(512),
    replied_at     bigint,
    replied_by     varchar(36),
    ended_at       bigint,
    event_count    integer       not null
);
create index ix_commands_imei on commands (imei, created_at);
create index ix_commands_number on commands (command_number);
create index ix_commands_state on commands (state);
