-- The technician dispatch assigned each order to (TechnicianAssigned, also on reassignment), with the
-- version of the order's stream that said so: only a later assignment replaces it (issue 11: a
-- technician changes only orders assigned to them). Null: no technician assigned yet.
alter table known_order add column technician_id varchar(64);
alter table known_order add column technician_version bigint;
