-- The event store of one service. It is also the outbox: the relay publishes rows whose
-- published_at is null, in global_position order, then stamps them.
create table event_store (
    global_position bigserial    primary key,
    event_id        uuid         not null,
    stream_id       varchar(100) not null,
    stream_version  bigint       not null,
    event_type      varchar(100) not null,
    schema_version  integer      not null,
    occurred_at     timestamptz  not null,
    recorded_at     timestamptz  not null default now(),
    site_id         varchar(64),
    correlation_id  uuid         not null,
    causation_id    uuid,
    actor_id        varchar(100) not null,
    actor_role      varchar(32)  not null,
    payload         jsonb        not null,
    published_at    timestamptz,
    constraint event_store_event_id_uk unique (event_id),
    constraint event_store_stream_version_uk unique (stream_id, stream_version),
    constraint event_store_stream_version_positive check (stream_version > 0)
);

create index event_store_unpublished_ix on event_store (global_position) where published_at is null;
create index event_store_site_ix on event_store (site_id, global_position);

-- Records are never edited or deleted in place: only the relay's publication stamp may be set, once.
create function event_store_append_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        raise exception 'event_store is append-only: delete of event % refused', old.event_id;
    end if;
    if (new.global_position, new.event_id, new.stream_id, new.stream_version, new.event_type, new.schema_version,
        new.occurred_at, new.recorded_at, new.site_id, new.correlation_id, new.causation_id, new.actor_id,
        new.actor_role, new.payload)
       is distinct from
       (old.global_position, old.event_id, old.stream_id, old.stream_version, old.event_type, old.schema_version,
        old.occurred_at, old.recorded_at, old.site_id, old.correlation_id, old.causation_id, old.actor_id,
        old.actor_role, old.payload)
       or (old.published_at is not null and new.published_at is distinct from old.published_at) then
        raise exception 'event_store is append-only: update of event % refused', old.event_id;
    end if;
    return new;
end $$;

create trigger event_store_append_only
    before update or delete on event_store
    for each row execute function event_store_append_only();

-- Consumers: an event id recorded here was applied, in the same transaction as its effect.
create table processed_event (
    consumer     varchar(100) not null,
    event_id     uuid         not null,
    processed_at timestamptz  not null default now(),
    primary key (consumer, event_id)
);

-- Commands: the first response to an Idempotency-Key, replayed for retries of the same request.
create table idempotent_request (
    idempotency_key varchar(200) not null primary key,
    request_hash    varchar(64)  not null,
    status          integer      not null,
    location        varchar(500),
    etag            varchar(100),
    body            text,
    created_at      timestamptz  not null default now()
);
