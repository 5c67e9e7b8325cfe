-- The origin sequence's row exists from the start. Several gateway instances on one PostgreSQL database are one
-- node: they take this node's origin sequence numbers under this row's lock (LocalSequence), and a lock needs a
-- row. A database without one yet gets this origin's highest record number, as LocalSequence would have read.
-- Portable SQL (H2 2.x, PostgreSQL 13+).
insert into node_state (name, state_value)
    select 'origin_seq', cast(coalesce((select max(r.origin_seq) from records r
            join record_origins o on o.id = r.origin_id
            where o.node_id = (select s.state_value from node_state s where s.name = 'node_id')), 0) as varchar(256))
    where not exists (select 1 from node_state where name = 'origin_seq');
