-- D48: an order's personal data erased (PersonalDataErased). The read-model rows of the order say so, and
-- their personal columns (an entry's contact person, contact method and opinions; a callback's comment)
-- read 已删除. Rows written before this version hold no erased order's data.
alter table coordination_board add column personal_data_erased boolean not null default false;
alter table coordination_entry add column personal_data_erased boolean not null default false;
alter table callback_task add column personal_data_erased boolean not null default false;

-- Whether each order's personal data is erased, as the projection has seen it so far: written before the
-- order's personal columns are, its row lock orders those writes with the erasure's (D48). Part of the
-- followup read model: a rebuild fills it again from the events.
create table order_personal_data (
    order_id varchar(64) primary key,
    erased   boolean     not null default false
);

-- A callback without a comment keeps NULL (it showed ''), so that erasure can keep NULL as NULL and mark the rest.
update callback_task set comment = null where comment = '';
