-- Technician roster per site: reference data kept by admins.
create table technician (
    id         varchar(64)  primary key,
    site_id    varchar(64)  not null,
    name       varchar(50)  not null,
    phone      varchar(20),
    skills     jsonb        not null default '[]',
    on_duty    boolean      not null default true,
    updated_at timestamptz  not null
);
create index technician_site_ix on technician (site_id, id);

-- Deadlines as data (a read model of the events): pending ones are fired by the scheduler.
-- A deadline's row is replaced when its due time moves, and closed by the event that settles it.
create table deadline (
    order_id   varchar(64)  not null,
    kind       varchar(20)  not null,
    site_id    varchar(64)  not null,
    due_at     timestamptz  not null,
    status     varchar(20)  not null,
    closed_at  timestamptz,
    primary key (order_id, kind)
);
create index deadline_pending_ix on deadline (due_at) where status = 'PENDING';

-- The site board and technicians' work lists.
create table dispatch_board (
    order_id          varchar(64)  primary key,
    order_number      varchar(32)  not null,
    site_id           varchar(64)  not null,
    location_kind     varchar(20)  not null,
    unit_id           varchar(64),
    unit_label        varchar(120),
    content           text         not null,
    reporter_name     varchar(50),
    reporter_phone    varchar(20),
    warranty          boolean      not null,
    status            varchar(30)  not null,
    technician_id     varchar(64),
    technician_name   varchar(50),
    arrival_due_at    timestamptz,
    arrival_overdue   boolean      not null default false,
    conversion_rule   varchar(40),
    conversion_due_at timestamptz,
    converted         boolean      not null default false,
    escalated         boolean      not null default false,
    waiting_for_materials boolean  not null default false,
    paid              boolean      not null default false,
    quote_accepted    boolean      not null default false,
    visits            integer      not null default 0,
    handling_seconds  bigint       not null default 0,
    rating            integer,
    reported_at       timestamptz  not null,
    updated_at        timestamptz  not null,
    version           bigint       not null,
    seq               bigint       not null unique
);
create index dispatch_board_site_ix on dispatch_board (site_id, seq desc);
create index dispatch_board_technician_ix on dispatch_board (technician_id, seq desc);

-- Every visit, for the repeat-visit signal (same order, same unit, last 30 days).
create table visit_log (
    order_id       varchar(64) not null,
    visit_number   integer     not null,
    site_id        varchar(64) not null,
    unit_id        varchar(64),
    technician_id  varchar(64) not null,
    technician_name varchar(50),
    started_at     timestamptz not null,
    ended_at       timestamptz,
    primary key (order_id, visit_number)
);
create index visit_log_unit_ix on visit_log (unit_id, started_at desc);
