-- The origin sequence's row exists from the start. Several gateway instances on one PostgreSQL database are one
-- node: they take this node's origin sequence numbers under this row's lock (LocalSequence), and a lock needs a
-- row. Portable SQL (H2 2.x, PostgreSQL 13+).
insert into node_state (name, state_value)
    select 'origin_seq', '0' where not exists (select 1 from node_state where name = 'origin_seq');
