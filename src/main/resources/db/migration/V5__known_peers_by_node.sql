-- A known peer is identified by its node id: one node under several addresses (a trailing slash, a proxy, a
-- moved address) was several known peers syncing in parallel. Keep, per node, the row that synced last.
delete from known_peers k
where k.node_id is not null and exists (
    select 1 from known_peers o
    where o.node_id = k.node_id and o.url <> k.url
      and (coalesce(o.last_success_at, 0) > coalesce(k.last_success_at, 0)
           or (coalesce(o.last_success_at, 0) = coalesce(k.last_success_at, 0) and o.url > k.url)));
create unique index ux_known_peers_node on known_peers (node_id);
