-- D48: the board's personal columns (reporter_name, reporter_phone, reporter_phone_extension) read 已删除
-- once the order's personal data was erased; this flag says so, and guards them against later writes.
-- Rows of orders erased before this column existed are marked by a rebuild of the dispatch-board projection.
alter table dispatch_board add column personal_data_erased boolean not null default false;
