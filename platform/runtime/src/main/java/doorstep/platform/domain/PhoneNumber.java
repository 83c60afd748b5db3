package doorstep.platform.domain;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import com.google.i18n.phonenumbers.geocoding.PhoneNumberOfflineGeocoder;

/**
 * A mainland China phone number as people paste it, in canonical form: a mobile
 * ({@code 13812345678}) or a landline with its area code ({@code 0755-86123456}), and apart from it
 * an optional extension (分机) that is dialled after the number is answered.
 *
 * <p>Accepted spellings: spaces, dashes, dots, slashes, brackets; {@code +86}, {@code 0086} or
 * {@code 86} before the number; a trunk {@code 0} before a mobile; full-width digits and spaces as
 * Chinese input methods type them (Unicode NFKC); invisible format characters (Unicode category
 * Cf, e.g. the direction marks U+202D/U+202C/U+200E or U+FEFF that phones add when a contact is
 * copied) are dropped. An extension follows the number after {@code 转}, {@code 分机},
 * {@code ext}, {@code x} or {@code #} ({@code 028-87654321转8012}).
 *
 * <p>Which numbers are accepted is decision D4 (mobiles 11 digits starting 13–19; landlines a
 * 3- or 4-digit area code and a 7–8 digit number starting 2–9); Google's libphonenumber reads the
 * written number (country code, trunk prefix) and its offline geocoder knows which city a number
 * belongs to ({@link #locality}). This is the national numbering plan, not a rule of the property
 * company: what a service does with a number (e.g. the fallback dial string) stays in its domain.
 *
 * @param canonical the number without extension: 11 digits, or {@code 0<area code>-<number>}
 * @param extension digits, or {@code null} when there is none
 */
public record PhoneNumber(String canonical, Kind kind, @Nullable String extension) {

    /** A mobile (手机) or a landline (固定电话). */
    public enum Kind { MOBILE, LANDLINE }

    /** Whether a number is local to an area code's network (本地网), or a long-distance call from it. */
    public enum Locality { LOCAL, LONG_DISTANCE, UNKNOWN }

    /** The longest extension accepted (PBX extensions are 2–6 digits in practice). */
    public static final int MAX_EXTENSION = 10;

    private static final Pattern MOBILE = Pattern.compile("1[3-9]\\d{9}");
    // Area codes: 010 and 02x have three digits, all others four (here without their trunk 0).
    private static final Pattern AREA_CODE = Pattern.compile("0(10|2\\d|[3-9]\\d{2})");
    private static final Pattern CANONICAL = Pattern.compile("1[3-9]\\d{9}|0(?:10|2\\d|[3-9]\\d{2})-[2-9]\\d{6,7}");
    // 转 (transfer to), 分机/分機 (extension) optionally followed by 号, ext/ext./extension, x, #.
    private static final Pattern EXTENSION_MARK = Pattern.compile(
            "\\s*(?:转|轉|分机号?|分機號?|extension|ext\\.?|x|#)\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern NUMBER_CHARACTERS = Pattern.compile("\\+?[\\d\\s\\-./()]+");
    private static final String FORMAT_CHARACTERS = "\\p{Cf}";
    private static final String SPELLINGS = "digits, spaces, dashes, dots, brackets, a +86 prefix and an extension after 转, 分机, ext, x or #";
    private static final String CHINA = new Locale("", "CN").getDisplayCountry(Locale.SIMPLIFIED_CHINESE);

    /** Checks the shape; use {@link #parse} for what people type. */
    public PhoneNumber {
        if (canonical == null || !CANONICAL.matcher(canonical).matches()) {
            throw new InvalidValue("phone", "is not a canonical phone number: " + canonical);
        }
        if (kind != (canonical.startsWith("0") ? Kind.LANDLINE : Kind.MOBILE)) {
            throw new InvalidValue("phone", canonical + " is not a " + kind);
        }
        if (extension != null && !extension.matches("\\d{1," + MAX_EXTENSION + "}")) {
            throw new InvalidValue("phone", "an extension is 1 to " + MAX_EXTENSION + " digits: got " + extension);
        }
    }

    /**
     * Reads a number as people write or paste it; {@link #written()} of the result reads back to an
     * equal number.
     *
     * @throws InvalidValue (field {@code phone}) saying what is wrong, e.g. "an 11-digit mobile
     *                      starting with 1 expected: got 10 digits"
     */
    public static PhoneNumber parse(String raw) {
        String text = raw == null ? "" : Normalizer.normalize(withoutFormatCharacters(raw), Normalizer.Form.NFKC).strip();
        if (text.isEmpty()) {
            throw new InvalidValue("phone", "is required");
        }
        String number = text;
        String extension = null;
        Matcher mark = EXTENSION_MARK.matcher(text);
        if (mark.find()) {
            number = text.substring(0, mark.start()).strip();
            extension = text.substring(mark.end()).strip();
            String written = mark.group().strip();
            if (number.isEmpty() || !number.matches(".*\\d.*")) {
                throw new InvalidValue("phone", "an extension must follow a complete number, e.g. 028-87654321转8012");
            }
            if (extension.isEmpty()) {
                throw new InvalidValue("phone", "the extension after " + written + " is missing: give its digits, e.g. 028-87654321转8012");
            }
            if (!extension.matches("\\d+")) {
                throw new InvalidValue("phone", "an extension is digits only: got " + written + extension);
            }
            if (extension.length() > MAX_EXTENSION) {
                throw new InvalidValue("phone", "an extension has at most " + MAX_EXTENSION + " digits: got " + extension.length());
            }
        }
        String context = extension == null ? "" : " before the extension";
        if (!NUMBER_CHARACTERS.matcher(number).matches()) {
            throw new InvalidValue("phone", "may contain only " + SPELLINGS + context);
        }
        return new PhoneNumber(nationalNumber(number, context), extension);
    }

    /**
     * Whether a free text (e.g. a contact method, 联系方式) is written as a phone number: digits with
     * phone punctuation, perhaps an extension, nothing else. Such a text should be {@link #parse}d;
     * any other text (a WeChat id, "物业前台") is no phone number.
     */
    public static boolean looksLikeNumber(String raw) {
        if (raw == null) {
            return false;
        }
        String text = Normalizer.normalize(withoutFormatCharacters(raw), Normalizer.Form.NFKC).strip();
        Matcher mark = EXTENSION_MARK.matcher(text);
        String number = mark.find() ? text.substring(0, mark.start()).strip() : text;
        return NUMBER_CHARACTERS.matcher(number).matches() && number.replaceAll("\\D", "").length() >= 3;
    }

    /** The text without invisible format characters (Unicode category Cf: direction marks, BOM, zero-width joiners). */
    public static String withoutFormatCharacters(String text) {
        return text.replaceAll(FORMAT_CHARACTERS, "");
    }

    private PhoneNumber(String canonical, String extension) {
        this(canonical, canonical.startsWith("0") ? Kind.LANDLINE : Kind.MOBILE, extension);
    }

    /** Whether {@code text} is an area code with its trunk 0, e.g. {@code 010}, {@code 028}, {@code 0755}. */
    public static boolean isAreaCode(String text) {
        return text != null && AREA_CODE.matcher(text).matches() && cities(areaDescription(text)).length > 0;
    }

    /** The digits to dial first (no dashes, no extension). */
    public String dial() {
        return canonical.replace("-", "");
    }

    /** Canonical form with the extension after {@code 转}, e.g. {@code 028-87654321转8012}; {@link #parse} reads it back. */
    public String written() {
        return extension == null ? canonical : canonical + "转" + extension;
    }

    /** A landline's area code with its trunk 0 ({@code 0755}); {@code null} for a mobile. */
    public @Nullable String areaCode() {
        return kind == Kind.LANDLINE ? canonical.substring(0, canonical.indexOf('-')) : null;
    }

    /**
     * Whether this number belongs to the local network of {@code areaCode} (the area code with its
     * 0), judged by the offline geocoder of libphonenumber: a mobile by the city its number segment
     * (号段) is registered in, a landline by its area code. {@code UNKNOWN} when the area code is
     * {@code null} or the geocoder does not know the number's city.
     */
    public Locality locality(@Nullable String areaCode) {
        if (areaCode == null || !AREA_CODE.matcher(areaCode).matches()) {
            return Locality.UNKNOWN;
        }
        if (kind == Kind.LANDLINE) {
            return areaCode.equals(areaCode()) ? Locality.LOCAL : Locality.LONG_DISTANCE;
        }
        String[] numberCities = cities(Geocoding.description(canonical));
        String[] areaCities = cities(areaDescription(areaCode));
        if (numberCities.length != 1 || areaCities.length == 0) {
            return Locality.UNKNOWN;
        }
        // "四川省眉山市" is local to 028, whose description is "四川省成都市、资阳市、眉山市".
        return Arrays.stream(areaCities).anyMatch(numberCities[0]::endsWith) ? Locality.LOCAL : Locality.LONG_DISTANCE;
    }

    @Override
    public String toString() {
        return written();
    }

    /** The national number in canonical form, or an {@link InvalidValue} saying what is wrong with it. */
    private static String nationalNumber(String number, String context) {
        Phonenumber.PhoneNumber parsed;
        try {
            parsed = Geocoding.UTIL.parseAndKeepRawInput(number, "CN");
        } catch (NumberParseException e) {
            throw new InvalidValue("phone", switch (e.getErrorType()) {
                case INVALID_COUNTRY_CODE -> "has an unknown country code; mainland numbers are written without one or with +86";
                case TOO_LONG -> "is too long for a phone number" + context;
                default -> "is not a phone number: a mobile has 11 digits, a landline an area code and 7-8 digits" + context;
            });
        }
        if (parsed.getCountryCode() != 86) {
            throw new InvalidValue("phone", "is not a mainland China number (country code +" + parsed.getCountryCode()
                    + "); mainland numbers are written without one or with +86");
        }
        String digits = Geocoding.UTIL.getNationalSignificantNumber(parsed);
        boolean withAreaCode = parsed.getCountryCodeSource() != Phonenumber.PhoneNumber.CountryCodeSource.FROM_DEFAULT_COUNTRY
                || number.replaceAll("\\D", "").startsWith("0");
        if (digits.startsWith("1") && !digits.startsWith("10")) {
            if (digits.length() != 11) {
                throw new InvalidValue("phone", "an 11-digit mobile starting with 1 expected: got " + digits.length() + " digits" + context);
            }
            if (!MOBILE.matcher(digits).matches()) {
                throw new InvalidValue("phone", "a mobile starts with 13 to 19: got " + digits.substring(0, 2) + context);
            }
            return digits;
        }
        if (!withAreaCode) {
            if ((digits.length() == 7 || digits.length() == 8) && digits.charAt(0) >= '2') {
                throw new InvalidValue("phone", "a landline needs its area code, e.g. 0755-86123456" + context);
            }
            throw new InvalidValue("phone", "is neither an 11-digit mobile starting with 1 nor a landline with its area code "
                    + "(e.g. 0755-86123456): got " + digits.length() + " digits" + context);
        }
        int areaLength = digits.startsWith("10") || digits.startsWith("2") ? 2 : 3;
        String area = "0" + digits.substring(0, Math.min(areaLength, digits.length()));
        String subscriber = digits.substring(Math.min(areaLength, digits.length()));
        if (subscriber.length() < 7 || subscriber.length() > 8) {
            throw new InvalidValue("phone", "a landline's number after the area code " + area + " has 7 or 8 digits: got "
                    + subscriber.length() + context);
        }
        if (subscriber.charAt(0) < '2') {
            throw new InvalidValue("phone", "a landline's number after the area code starts with 2-9 (0 and 1 begin service codes): got "
                    + area + "-" + subscriber + context);
        }
        return area + "-" + subscriber;
    }

    private static String areaDescription(String areaCode) {
        // The geocoder knows area codes by prefix; any 8-digit number behind the code finds it.
        return Geocoding.description(areaCode + "-20000000");
    }

    /** "四川省成都市、资阳市、眉山市" → its cities; none when the geocoder only knows the country. */
    private static String[] cities(String description) {
        if (description.isEmpty() || description.equals(CHINA)) {
            return new String[0];
        }
        return description.split("、");
    }

    /** libphonenumber's singletons, loaded on first use (the geocoder reads its Chinese data then). */
    private static final class Geocoding {
        static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
        static final PhoneNumberOfflineGeocoder GEOCODER = PhoneNumberOfflineGeocoder.getInstance();

        /** Where the geocoder places a number in canonical form: "广东省深圳市", "中国" (the country only) or "". */
        static String description(String canonical) {
            Phonenumber.PhoneNumber number = new Phonenumber.PhoneNumber().setCountryCode(86)
                    .setNationalNumber(Long.parseLong(canonical.replace("-", "").substring(canonical.startsWith("0") ? 1 : 0)));
            return GEOCODER.getDescriptionForValidNumber(number, Locale.SIMPLIFIED_CHINESE);
        }
    }
}
