-- D40: a site may name its telephone area code (which mobiles are local to its exchange);
-- a reporter's phone may carry an extension, kept apart from the number.
alter table site add column area_code varchar(4);
alter table order_summary add column reporter_phone_extension varchar(10);
