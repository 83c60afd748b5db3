-- Data keys of personal data (D48), used by the key custodian only (intake-service; the other services ask it).
-- One AES-256 key per order. Erasing a key destroys its material and keeps the row as a tombstone, so that
-- no key is ever made again for that order: what was encrypted with it stays unreadable for good.
create table data_key (
    key_id       varchar(100) primary key,
    key_material bytea,
    created_at   timestamptz  not null,
    erased_at    timestamptz,
    constraint data_key_material_or_erased check ((key_material is null) = (erased_at is not null))
);
