-- What followup knows of dispatch orders (a read model of dispatch's topic).
create table order_fact (
    order_id        varchar(64) primary key,
    order_number    varchar(32),
    site_id         varchar(64) not null,
    site_time_zone  varchar(64) not null,
    unit_label      varchar(120),
    technician_id   varchar(64),
    paid            boolean     not null default false,
    rating          integer,
    archived_at     timestamptz
);

create sequence coordination_number_seq;

-- Read models of followup's own events.
create table coordination_board (
    order_id            varchar(64) primary key,
    coordination_number varchar(32) not null,
    site_id             varchar(64) not null,
    status              varchar(10) not null,
    conversion_rule     varchar(40) not null,
    tracker_id          varchar(64),
    entries             integer     not null default 0,
    pages               integer     not null default 0,
    last_entry_at       timestamptz,
    next_entry_due_at   timestamptz not null,
    entry_overdue       boolean     not null default false,
    leader_check_overdue boolean    not null default false,
    supervisor_check_overdue boolean not null default false,
    check_month         varchar(7)  not null,
    leader_checks       integer     not null default 0,
    supervisor_checks   integer     not null default 0,
    exemptions          jsonb       not null default '[]',
    result              text,
    opened_at           timestamptz not null,
    resolved_at         timestamptz,
    archived_at         timestamptz,
    updated_at          timestamptz not null,
    version             bigint      not null,
    seq                 bigint      not null unique
);
create index coordination_board_site_ix on coordination_board (site_id, seq desc);
create index coordination_board_tracker_ix on coordination_board (tracker_id, seq desc);

create table coordination_entry (
    order_id       varchar(64) not null,
    entry_number   integer     not null,
    page           integer     not null,
    tracked_at     timestamptz not null,
    place          text not null,
    contact_person text not null,
    contact_method text not null,
    content        text not null,
    opinions       text not null,
    plan           text not null,
    recorded_by    varchar(64) not null,
    corrects_entry integer,
    recorded_at    timestamptz not null,
    primary key (order_id, entry_number)
);

create table coordination_check (
    event_id   uuid        primary key,
    order_id   varchar(64) not null,
    cadence    varchar(20) not null,
    checker_id varchar(64) not null,
    comment    text,
    at         timestamptz not null
);

create table callback_task (
    order_id      varchar(64) primary key,
    site_id       varchar(64),
    reasons       jsonb       not null,
    status        varchar(10) not null,
    attempts      integer     not null default 0,
    satisfaction  integer,
    comment       text,
    repeat_complaint boolean  not null default false,
    scheduled_at  timestamptz not null,
    updated_at    timestamptz not null,
    version       bigint      not null,
    seq           bigint      not null unique
);
create index callback_task_site_ix on callback_task (site_id, status, seq);

create table retention_record (
    order_id     varchar(64) not null,
    record_kind  varchar(30) not null,
    site_id      varchar(64),
    from_at      timestamptz not null,
    retain_until timestamptz,
    expired_at   timestamptz,
    primary key (order_id, record_kind)
);
