-- D48: an order whose personal data was erased shows 已删除 in its personal columns (reporter_name,
-- reporter_phone, reporter_fallback_dial, reporter_phone_extension, owner_name, owner_phones) and is
-- flagged, so that no later event writes a clear personal value into the row again.
alter table order_summary add column personal_data_erased boolean not null default false;
