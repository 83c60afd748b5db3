-- An idempotency key belongs to one user and one operation (method + path); answers expire (D47).
-- Stored answers are a retry cache, not records: the old table's rows are dropped with it.
drop table idempotent_request;

create table idempotent_request (
    user_id         varchar(200) not null,
    operation       varchar(600) not null,
    idempotency_key varchar(200) not null,
    request_hash    varchar(64)  not null,
    status          integer      not null,
    location        varchar(500),
    etag            varchar(100),
    body            text,
    created_at      timestamptz  not null,
    primary key (user_id, operation, idempotency_key)
);

create index idempotent_request_created_at on idempotent_request (created_at);
