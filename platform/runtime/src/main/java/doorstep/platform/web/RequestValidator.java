package doorstep.platform.web;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import doorstep.platform.domain.InvalidValue;

/**
 * Collects every problem with a request before answering, so a client fixes them all at once.
 * Adapters use it to check presence and size, and to turn the domain's {@link InvalidValue} into
 * a field error under the request's own field name.
 */
public final class RequestValidator {

    private final List<FieldError> errors = new ArrayList<>();

    public boolean required(String field, Object value) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            errors.add(new FieldError(field, "is required"));
            return false;
        }
        return true;
    }

    public boolean maxLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            errors.add(new FieldError(field, "is longer than " + max + " characters"));
            return false;
        }
        return true;
    }

    public boolean requiredText(String field, String value, int max) {
        return required(field, value) && maxLength(field, value, max);
    }

    public void check(boolean ok, String field, String message) {
        if (!ok) {
            errors.add(new FieldError(field, message));
        }
    }

    public void add(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    /**
     * Reads an enum constant, case-insensitively; a wrong value becomes an error naming the allowed
     * ones. @return null when absent or wrong
     */
    public <E extends Enum<E>> E enumValue(String field, String text, Class<E> type) {
        if (text == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, text.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, "must be one of " + java.util.Arrays.toString(type.getEnumConstants())));
            return null;
        }
    }

    /** The earliest and latest instants a request may name: what every service's tables and clients can hold. */
    public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

    /**
     * Reads an ISO-8601 date-time with offset (e.g. {@code 2026-11-30T14:00:00+08:00}) between 1970 and 9999; anything
     * else becomes an error naming {@code field}. @return null when absent (blank) or wrong
     */
    public Instant instant(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            Instant at = OffsetDateTime.parse(text.strip()).toInstant();
            if (!at.isBefore(EARLIEST) && !at.isAfter(LATEST)) {
                return at;
            }
        } catch (DateTimeException e) {
            // refused below
        }
        errors.add(new FieldError(field, "must be a date-time with offset between 1970 and 9999, e.g. 2026-11-30T14:00:00+08:00"));
        return null;
    }

    /** Reads an ISO-8601 day ({@code 2026-11-01}) between 1970 and 9999; anything else is an error naming {@code field}. @return null when absent or wrong */
    public LocalDate date(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            LocalDate day = LocalDate.parse(text.strip());
            if (day.getYear() >= 1970 && day.getYear() <= 9998) {
                return day;
            }
        } catch (DateTimeException e) {
            // refused below
        }
        errors.add(new FieldError(field, "must be a day between 1970 and 9998, e.g. 2026-11-01"));
        return null;
    }

    /** Runs a domain parse; a rejected value becomes an error on {@code field}. Returns null then. */
    public <T> T parse(String field, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidValue e) {
            errors.add(new FieldError(field, e.getMessage()));
            return null;
        }
    }

    /** Adds errors found elsewhere, e.g. by another validator for one line of a file. */
    public void addAll(List<FieldError> more) {
        errors.addAll(more);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public List<FieldError> errors() {
        return List.copyOf(errors);
    }

    /** @throws InvalidRequest when anything was found */
    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw new InvalidRequest(errors);
        }
    }
}
