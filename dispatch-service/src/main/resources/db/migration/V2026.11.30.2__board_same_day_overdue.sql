-- D46: the same-day review and archive, missed, shown on the board (taken from the order's state).
alter table dispatch_board add column review_overdue boolean not null default false;
alter table dispatch_board add column archive_overdue boolean not null default false;
