-- D40: a technician's phone is stored in written form, which may carry an extension (028-87654321转8012).
alter table technician alter column phone type varchar(32);
-- The reporter's phone extension (dialled after the number), from intake's events.
alter table dispatch_board add column reporter_phone_extension varchar(10);
