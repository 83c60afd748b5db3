-- D44: whether the order would still be converted when its conversion deadline passes (not converted,
-- not exempted, work not done, not closed), as Dispatch decides it. Existing rows need a rebuild of
-- the dispatch-board projection to fill it.
alter table dispatch_board add column conversion_pending boolean not null default false;
