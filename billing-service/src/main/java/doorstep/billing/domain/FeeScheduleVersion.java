package doorstep.billing.domain;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One version of the fee schedule with its items: what a quote or charge cites. */
public record FeeScheduleVersion(int version, Instant effectiveFrom, List<FeeItem> items) {

    public FeeScheduleVersion {
        items = List.copyOf(items);
    }

    public Optional<FeeItem> item(String code) {
        return items.stream().filter(i -> i.code().equals(code)).findFirst();
    }

    public Map<String, FeeItem> byCode() {
        Map<String, FeeItem> m = new LinkedHashMap<>();
        items.forEach(i -> m.put(i.code(), i));
        return m;
    }
}
