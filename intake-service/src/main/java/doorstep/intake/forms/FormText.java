package doorstep.intake.forms;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How the printed forms write values for people: times in the site's zone to the second, durations in hours,
 * minutes and seconds (处理时间 to the second, D22), money as yuan with two decimals from integer fen, and the
 * Chinese labels of the events' codes. An absent value is an empty string (the blank on the paper form).
 */
public final class FormText {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private FormText() {
    }

    /** Fen as yuan text: 1234 → "12.34", -50 → "-0.50". Money is never a floating-point number. */
    public static String yuan(long fen) {
        String sign = fen < 0 ? "-" : "";
        long abs = Math.abs(fen);
        return sign + (abs / 100) + "." + String.format("%02d", abs % 100);
    }

    /** Whole seconds as 处理时间: 3723 → "1小时02分03秒", 305 → "5分05秒", 7 → "7秒". */
    public static String duration(long seconds) {
        long h = seconds / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        if (h > 0) {
            return h + "小时" + String.format("%02d分%02d秒", m, s);
        }
        return m > 0 ? m + "分" + String.format("%02d秒", s) : s + "秒";
    }

    /** An instant as the site's local time to the second, e.g. "2026-11-30 18:05:07"; empty when absent. */
    public static String time(Instant at, ZoneId zone) {
        return at == null ? "" : TIME.format(at.atZone(zone));
    }

    /** A date-time field of event data (ISO-8601 instant) in the site's zone; the raw text if it is no instant. */
    static String time(JsonNode data, String field, ZoneId zone) {
        String raw = text(data, field);
        if (raw.isEmpty()) {
            return "";
        }
        try {
            return time(Instant.parse(raw), zone);
        } catch (DateTimeParseException e) {
            return raw;
        }
    }

    /** A field of event data as text; empty when absent or null. */
    static String text(JsonNode data, String field) {
        JsonNode v = data == null ? null : data.get(field);
        return v == null || v.isNull() || v.isMissingNode() ? "" : v.asText();
    }

    static long number(JsonNode data, String field) {
        return data == null ? 0 : data.path(field).asLong();
    }

    static String yesNo(JsonNode data, String field) {
        JsonNode v = data == null ? null : data.get(field);
        return v == null || !v.isBoolean() ? "" : v.asBoolean() ? "是" : "否";
    }

    static List<JsonNode> list(JsonNode data, String field) {
        List<JsonNode> out = new ArrayList<>();
        if (data != null && data.path(field).isArray()) {
            data.get(field).forEach(out::add);
        }
        return out;
    }

    /** The Chinese label of a code, or the code itself when it has none (a value added after this form). */
    static String label(Map<String, String> labels, String code) {
        return code == null || code.isEmpty() ? "" : labels.getOrDefault(code, code);
    }

    static final Map<String, String> CHANNEL = Map.of("CUSTOMER_CENTER", "客户中心", "OTHER_DEPARTMENT", "其他部门");
    static final Map<String, String> LOCATION_KIND = Map.of("IN_UNIT", "户内", "PUBLIC_AREA", "公共区域");
    static final Map<String, String> PART = Map.of("PRIVATE", "私有部位", "COMMON", "公共部位");
    static final Map<String, String> NO_CHARGE = Map.of("FREE_SERVICE", "无偿服务", "COMMON_PART", "公共部位(不向业主收费)",
            "WARRANTY", "质保期内(免费)");
    static final Map<String, String> PAYMENT_METHOD = Map.of("CASH", "现金", "WECHAT_PAY", "微信支付", "ALIPAY", "支付宝",
            "BANK_CARD", "银行卡", "BANK_TRANSFER", "银行转账");
    static final Map<String, String> ITEM_UNIT = Map.of("PER_JOB", "次", "PER_30_MINUTES", "每30分钟", "PER_PIECE", "个");
    static final Map<String, String> LINE_KIND = Map.of("SERVICE", "服务", "MATERIAL", "材料");
    static final Map<String, String> CONVERSION_RULE = Map.of("IN_UNIT_SAME_DAY", "户内派工当天未完成",
            "PUBLIC_AREA_THREE_DAYS", "公共区域三天未完成", "WARRANTY_ONE_WORKING_DAY", "质保期内工程一个工作日未完成");
    static final Map<String, String> CADENCE = Map.of("LEADER_CHECK", "班长(组长)检查", "SUPERVISOR_CHECK", "主管检查",
            "WEEKLY_ENTRY", "每周跟踪记录");
}
