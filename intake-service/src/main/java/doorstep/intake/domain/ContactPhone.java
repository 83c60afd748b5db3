package doorstep.intake.domain;

import doorstep.platform.domain.Nullable;
import doorstep.platform.domain.Personal;
import doorstep.platform.domain.PhoneNumber;

/**
 * A contact phone (联系电话) of an order as the technician dials it: the number in canonical form
 * ({@code 13812345678}, {@code 0755-86123456}), its kind, the extension to dial once the number
 * answers (分机, or {@code null}), and the dial string to try when the plain number fails.
 *
 * <p>{@code fallbackDial}: the source document says that when a mobile dials as a non-existent
 * number, put a {@code 0} in front (拨打手机号码为空号时,在前面加"0"): from a site's exchange a mobile
 * registered in another city needs the trunk prefix. A mobile gets {@code 0} + number unless it is
 * known to be local to the site's area code (decision D40: the geocoder of libphonenumber knows each
 * mobile segment's city; a site without an area code, or a segment of unknown city, keeps the
 * fallback as before). Landlines have none.
 *
 * <p>Number, fallback and extension are personal data (D48): sealed in events; once the order's personal
 * data was erased each reads {@link Personal#ERASED} (the kind stays in clear), see {@link #erased()}.
 */
public record ContactPhone(@Personal String canonical, PhoneNumber.Kind kind, @Personal @Nullable String fallbackDial,
                           @Personal @Nullable(absentInOlderEvents = true) String extension) {

    /** The number as dialled from a site with the given area code ({@code null} when the site has none). */
    public static ContactPhone dialledFrom(PhoneNumber number, @Nullable String siteAreaCode) {
        boolean trunkPrefixMayBeNeeded = number.kind() == PhoneNumber.Kind.MOBILE
                && number.locality(siteAreaCode) != PhoneNumber.Locality.LOCAL;
        return new ContactPhone(number.canonical(), number.kind(), trunkPrefixMayBeNeeded ? "0" + number.canonical() : null,
                number.extension());
    }

    /** The number without fallback, e.g. to store it in the unit registry. */
    public PhoneNumber number() {
        return new PhoneNumber(canonical, kind, extension);
    }

    /** The digits to dial first. */
    public String dial() {
        return canonical.replace("-", "");
    }

    /** Whether the number was erased (D48): it reads {@link Personal#ERASED} and is no longer a phone number. */
    public boolean erased() {
        return Personal.ERASED.equals(canonical);
    }

    /**
     * Canonical form with the extension after 转, e.g. {@code 028-87654321转8012}; {@link Personal#ERASED}
     * once erased.
     */
    public String written() {
        return erased() ? Personal.ERASED : number().written();
    }
}
