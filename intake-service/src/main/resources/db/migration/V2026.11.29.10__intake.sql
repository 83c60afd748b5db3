-- Unit registry (户位): reference data kept by admins. Orders copy what they need from it
-- into their own events, so later registry changes never rewrite an order's history.
create table site (
    id         varchar(64)  primary key,
    name       varchar(200) not null,
    time_zone  varchar(64)  not null,
    created_at timestamptz  not null
);

create table unit (
    id           varchar(64)  primary key,
    site_id      varchar(64)  not null references site (id),
    building     varchar(50)  not null,
    unit_number  varchar(50)  not null,
    owner_name   varchar(100),
    owner_phones jsonb        not null default '[]',
    updated_at   timestamptz  not null,
    constraint unit_address_uk unique (site_id, building, unit_number)
);

-- Human-readable order numbers (PG = 派工): never reused, never reset, gaps allowed.
create sequence order_number_seq;

-- Read model of dispatch orders, fed by the event store; can be dropped and rebuilt.
create table order_summary (
    order_id               varchar(64)  primary key,
    order_number           varchar(32)  not null unique,
    site_id                varchar(64)  not null,
    status                 varchar(20)  not null,
    location_kind          varchar(20)  not null,
    unit_id                varchar(64),
    unit_label             varchar(120),
    public_area            varchar(200),
    owner_name             varchar(100),
    owner_phones           jsonb,
    reporter_name          varchar(50)  not null,
    reporter_phone         varchar(20)  not null,
    reporter_phone_kind    varchar(10)  not null,
    reporter_fallback_dial varchar(20),
    visit_asap             boolean      not null,
    visit_agreed_at        timestamptz,
    content                text         not null,
    channel                varchar(20)  not null,
    reporting_department   varchar(100),
    warranty               boolean      not null,
    reported_at            timestamptz  not null,
    cancel_reason          varchar(500),
    cancelled_at           timestamptz,
    version                bigint       not null,
    updated_at             timestamptz  not null,
    seq                    bigint       not null unique
);
create index order_summary_site_ix on order_summary (site_id, seq desc);
create index order_summary_status_ix on order_summary (status, seq desc);
create index order_summary_unit_ix on order_summary (unit_id, seq desc);
