-- D46: a resolved coordination order not archived by the end of its resolution day.
alter table coordination_board add column archive_overdue boolean not null default false;
