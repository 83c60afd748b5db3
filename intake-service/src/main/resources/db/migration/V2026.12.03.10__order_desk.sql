-- D53: the customer-center desk. Every event of the four services about an order, kept as published
-- (personal values sealed: they are revealed when read, and read 已删除 once the order's key is destroyed).
-- A mirror of the four topics: it can be dropped and filled again by replaying them.
create table desk_event (
    seq            bigserial    primary key,
    event_id       uuid         not null unique,
    order_id       varchar(64)  not null,
    service        varchar(20)  not null,
    type           varchar(80)  not null,
    schema_version int          not null,
    stream_id      varchar(140) not null,
    stream_version bigint       not null,
    occurred_at    timestamptz  not null,
    site_id        varchar(64),
    actor_id       varchar(120) not null,
    actor_role     varchar(40)  not null,
    correlation_id uuid         not null,
    causation_id   uuid,
    payload        text         not null,
    received_at    timestamptz  not null
);
create index desk_event_order_ix on desk_event (order_id, seq);

-- The desk's list: one row per order, the fold of its events (DeskFold), rebuilt from desk_event.
-- reporter_name is in clear for the text search and becomes 已删除 with the order's personal data.
create table desk_order (
    order_id        varchar(64)  primary key,
    order_number    varchar(32),
    site_id         varchar(64),
    stage           varchar(32),
    technician_id   varchar(120),
    technician_name varchar(120),
    unit_label      varchar(120),
    public_area     varchar(200),
    reporter_name   varchar(100),
    content         text,
    reported_at     timestamptz,
    appointment_at  timestamptz,
    next_due_at     timestamptz,
    overdue         boolean      not null,
    balance_fen     bigint,
    coordination_number varchar(32),
    events          int          not null,
    last_event_at   timestamptz  not null,
    change_seq      bigint       not null
);
create index desk_order_site_ix on desk_order (site_id, reported_at desc, order_id);
create index desk_order_due_ix on desk_order (next_due_at) where next_due_at is not null;
create index desk_order_technician_ix on desk_order (technician_id);

-- The live feed: one change per event the desk applied, numbered without gaps in commit order
-- (the writer holds a transaction-scoped advisory lock from numbering to commit), so a client that
-- resumes after change N with Last-Event-ID: N misses none and sees none twice.
create table desk_change (
    seq          bigint       primary key,
    order_id     varchar(64)  not null,
    site_id      varchar(64),
    event_id     uuid         not null,
    service      varchar(20)  not null,
    type         varchar(80)  not null,
    occurred_at  timestamptz  not null,
    recorded_at  timestamptz  not null
);
create index desk_change_site_ix on desk_change (site_id, seq);
create index desk_change_order_ix on desk_change (order_id, seq);
