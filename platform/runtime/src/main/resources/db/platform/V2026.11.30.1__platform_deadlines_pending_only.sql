-- The deadline table holds only what the aggregates have pending (D19, D38): settled rows and the
-- status the scheduler wrote (STALE), which no event recorded, are gone.
delete from scheduled_deadline where status <> 'PENDING';
drop index scheduled_deadline_pending_ix;
alter table scheduled_deadline drop column status;
alter table scheduled_deadline drop column closed_at;
create index scheduled_deadline_due_ix on scheduled_deadline (due_at);
