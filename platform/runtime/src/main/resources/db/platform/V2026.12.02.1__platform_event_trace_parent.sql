-- Tracing (issue 13): the W3C traceparent of the request or reaction that recorded an event, so the relay can
-- carry it in the Kafka record's headers and every consumer continues the same trace. Null when none was active.
alter table event_store add column trace_parent varchar(55);

-- Still append-only: the trace context is as immutable as the rest of the record.
create or replace function event_store_append_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        raise exception 'event_store is append-only: delete of event % refused', old.event_id;
    end if;
    if (new.global_position, new.event_id, new.stream_id, new.stream_version, new.event_type, new.schema_version,
        new.occurred_at, new.recorded_at, new.site_id, new.correlation_id, new.causation_id, new.actor_id,
        new.actor_role, new.payload, new.trace_parent)
       is distinct from
       (old.global_position, old.event_id, old.stream_id, old.stream_version, old.event_type, old.schema_version,
        old.occurred_at, old.recorded_at, old.site_id, old.correlation_id, old.causation_id, old.actor_id,
        old.actor_role, old.payload, old.trace_parent)
       or (old.published_at is not null and new.published_at is distinct from old.published_at) then
        raise exception 'event_store is append-only: update of event % refused', old.event_id;
    end if;
    return new;
end $$;
