-- People's sessions on other devices: one row per login (a random token, kept only as its SHA-256), gone at
-- logout, when it expires, or when the team secret changes. Portable SQL (H2 2.x, PostgreSQL 13+).
create table access_sessions (
    token_hash  varchar(64) primary key,
    created_at  bigint      not null,
    expires_at  bigint      not null,
    remote      varchar(128)
);
