-- One owner per table. Portable SQL: runs unchanged on H2 (2.x) and PostgreSQL (13+).

-- The access module keeps the team secret in a table of its own (it was in sync's settings).
create table access_settings (
    setting_key   varchar(64) primary key,
    setting_value varchar(256) not null
);
insert into access_settings (setting_key, setting_value)
    select setting_key, setting_value from sync_settings where setting_key = 'secret';
delete from sync_settings where setting_key = 'secret';

-- The store keeps this node's origin sequence itself (the highest number handed out), so the version vector
-- holds other origins only: this node's own entry is the store's sequence.
insert into node_state (name, state_value)
    select 'origin_seq', cast(v.max_seq as varchar(256)) from sync_vector v
    where v.origin_node = (select s.state_value from node_state s where s.name = 'node_id');
delete from sync_vector where origin_node = (select s.state_value from node_state s where s.name = 'node_id');
