-- The latest snapshot of a long stream's aggregate (D58): a cache of the fold, rebuilt from events and never the
-- source of truth. A command loads it and folds only the events after it; a snapshot of another shape
-- (schema_version) or another aggregate type is ignored. Truncating this table at any time loses nothing.
create table aggregate_snapshot (
    stream_id      varchar(200) primary key,
    aggregate      varchar(100) not null,
    schema_version integer      not null,
    stream_version bigint       not null,
    site_id        varchar(64),
    state          jsonb        not null,
    taken_at       timestamptz  not null default now()
);
