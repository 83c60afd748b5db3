-- D56: a coordination order's checks are read a page at a time, oldest first, by (at, event_id) after a cursor:
-- this index answers each page with a range of its own rows, whatever the order's history.
create index coordination_check_order_ix on coordination_check (order_id, at, event_id);
