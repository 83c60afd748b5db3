create table counter_total (
    counter_id varchar(100) primary key,
    site_id    varchar(64),
    total      bigint not null,
    version    bigint not null
);
create table consumed_log (
    seq        bigserial primary key,
    event_id   uuid not null,
    counter_id varchar(100) not null,
    version    bigint not null
);
