-- Orders whose personal data was erased (D48): a read model of billing's PersonalDataErased events, part
-- of the bills projection. Billing's read models hold no personal value (the payer, the owner's signature
-- reference and their reason for declining live only, sealed, in billing's events), so nothing else is
-- overwritten: the bill view shows personalDataErased from this table, also for an order not billed yet.
create table erased_order (
    order_id  varchar(64) primary key,
    site_id   varchar(64),
    reason    varchar(20) not null,
    erased_at timestamptz not null
);
