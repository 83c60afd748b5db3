-- Warehouse inbound prices (reference data kept by the warehouse): the basis of the +30 % rule.
create table warehouse_material (
    code              varchar(32)  primary key,
    name              varchar(100) not null,
    inbound_price_fen bigint       not null check (inbound_price_fen >= 0),
    updated_at        timestamptz  not null
);

-- Orders billing has heard of from dispatch, with their site (a read model of dispatch's topic).
create table known_order (
    order_id   varchar(64) primary key,
    site_id    varchar(64) not null,
    unit_label varchar(120)
);

-- Read models of billing's own events.
create table fee_schedule_version (
    version        integer     primary key,
    status         varchar(10) not null,
    effective_from timestamptz not null,
    activated_at   timestamptz,
    items          jsonb       not null
);

create table bill (
    order_id           varchar(64) primary key,
    site_id            varchar(64),
    technician_id      varchar(64),
    quote_id           varchar(64),
    quote_status       varchar(10),
    quote_total_fen    bigint,
    quote              jsonb,
    schedule_version   integer,
    charge_total_fen   bigint      not null default 0,
    charge             jsonb,
    no_charge_reason   varchar(20),
    adjusted_fen       bigint      not null default 0,
    paid_fen           bigint      not null default 0,
    refunded_fen       bigint      not null default 0,
    updated_at         timestamptz not null,
    version            bigint      not null
);

-- One row per money movement, for revenue reports per site, month and technician.
create table revenue_entry (
    event_id      uuid        primary key,
    order_id      varchar(64) not null,
    site_id       varchar(64),
    technician_id varchar(64),
    month         varchar(7)  not null,
    kind          varchar(12) not null,
    amount_fen    bigint      not null,
    at            timestamptz not null
);
create index revenue_entry_site_month_ix on revenue_entry (site_id, month);
