package doorstep.intake.domain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import doorstep.platform.domain.InvalidValue;

/**
 * A contact phone (联系电话) in canonical form: a mainland mobile ({@code 13812345678}) or a landline
 * with its area code ({@code 0755-12345678}). Common spellings are accepted: spaces, dashes,
 * dots, brackets, and a {@code +86}/{@code 0086} country prefix.
 *
 * <p>{@code fallbackDial}: the source document says that when a mobile dials as a non-existent
 * number, put a {@code 0} in front (拨打手机号码为空号时,在前面加"0"): from a site's exchange a mobile
 * registered in another city needs the trunk prefix. Mobiles keep that dial string; landlines have none.
 */
public record PhoneNumber(String canonical, Kind kind, String fallbackDial) {

    public enum Kind { MOBILE, LANDLINE }

    private static final Pattern MOBILE = Pattern.compile("1[3-9]\\d{9}");
    // Area codes: 010 and 02x have three digits, all others four; subscriber numbers 7 or 8 digits, not starting 0/1.
    private static final Pattern LANDLINE = Pattern.compile("(010|02\\d|0[3-9]\\d{2})([2-9]\\d{6,7})");

    public static PhoneNumber parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidValue("phone", "is required");
        }
        String digits = raw.strip().replaceAll("[\\s\\-().]", "");
        boolean international = true;
        if (digits.startsWith("+86")) {
            digits = digits.substring(3);
        } else if (digits.startsWith("0086")) {
            digits = digits.substring(4);
        } else if (digits.startsWith("86") && digits.length() == 13) {
            digits = digits.substring(2);
        } else {
            international = false;
        }
        if (!digits.matches("\\d+")) {
            throw new InvalidValue("phone", "may contain only digits, spaces, dashes, brackets and a +86 prefix");
        }
        if (digits.length() == 12 && digits.startsWith("01") && MOBILE.matcher(digits.substring(1)).matches()) {
            digits = digits.substring(1); // a mobile written with its trunk prefix
        }
        if (MOBILE.matcher(digits).matches()) {
            return new PhoneNumber(digits, Kind.MOBILE, "0" + digits);
        }
        if (international && !digits.startsWith("0")) {
            digits = "0" + digits; // after +86 an area code is written without its trunk 0
        }
        Matcher landline = LANDLINE.matcher(digits);
        if (landline.matches()) {
            return new PhoneNumber(landline.group(1) + "-" + landline.group(2), Kind.LANDLINE, null);
        }
        if (digits.length() == 7 || digits.length() == 8) {
            throw new InvalidValue("phone", "a landline needs its area code, e.g. 0755-86123456");
        }
        throw new InvalidValue("phone", "is neither a mainland mobile (11 digits starting with 1) nor a landline "
                + "with area code (subscriber numbers start with 2-9)");
    }

    /** The digits to dial first. */
    public String dial() {
        return canonical.replace("-", "");
    }
}
