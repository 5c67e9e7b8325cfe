-- An auto-sync (or another node's sync with this one) that finds nothing new is one log entry per streak, not
-- one a minute: the entry counts the syncs it stands for and when the newest of them started. Portable SQL
-- (H2 2.x, PostgreSQL 13+).
alter table sync_log add column checks bigint default 1 not null;
alter table sync_log add column last_at bigint;
