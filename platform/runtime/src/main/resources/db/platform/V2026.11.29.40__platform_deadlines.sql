-- Deadlines as data: a read model of the service's events (set by the event that records a due
-- time, closed by the event that settles it), fired by DeadlineScheduler with SKIP LOCKED.
create table scheduled_deadline (
    stream_id  varchar(100) not null,
    kind       varchar(40)  not null,
    site_id    varchar(64),
    due_at     timestamptz  not null,
    status     varchar(10)  not null,
    closed_at  timestamptz,
    primary key (stream_id, kind)
);
create index scheduled_deadline_pending_ix on scheduled_deadline (due_at) where status = 'PENDING';
