-- Deadlines moved to the platform's scheduled_deadline (same rows, keyed by stream id).
insert into scheduled_deadline (stream_id, kind, site_id, due_at, status, closed_at)
select order_id, kind, site_id, due_at, status, closed_at from deadline;
drop table deadline;
