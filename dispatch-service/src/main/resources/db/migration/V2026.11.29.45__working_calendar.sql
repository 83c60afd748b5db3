-- The working calendar's read model (from the calendar/<year> streams): published years and the
-- days that are not what their weekday says. `position` is the global position of the last event
-- applied to the year: the largest one tells every replica whether its cached calendar is current.
create table calendar_year (
    year         integer      primary key,
    source       text         not null,
    published_at timestamptz  not null,
    version      bigint       not null,
    position     bigint       not null
);

create table calendar_day (
    day   date        primary key,
    year  integer     not null references calendar_year (year),
    kind  varchar(30) not null
);
