package doorstep.intake.domain;

import static org.assertj.core.api.Assertions.assertThat;

import doorstep.platform.domain.PhoneNumber;
import org.junit.jupiter.api.Test;

/**
 * The fallback dial string (拨打手机号码为空号时,在前面加"0"): given the site's area code, when a
 * number is taken as an order's contact phone, then a mobile from another city keeps {@code 0} + number.
 */
class ContactPhoneTest {

    static final String CHONGQING = "023";
    static final String CHENGDU = "028";

    @Test
    void aMobileOfTheSitesOwnCityNeedsNoTrunkPrefix() {
        ContactPhone phone = ContactPhone.dialledFrom(PhoneNumber.parse("135 1234 5678"), CHONGQING); // 135 1234: 重庆市

        assertThat(phone.canonical()).isEqualTo("13512345678");
        assertThat(phone.fallbackDial()).isNull();
    }

    @Test
    void aMobileFromAnotherCityKeepsTheTrunkPrefixedFallback() {
        ContactPhone phone = ContactPhone.dialledFrom(PhoneNumber.parse("135 1234 5678"), CHENGDU);

        assertThat(phone.fallbackDial()).isEqualTo("013512345678");
    }

    @Test
    void withoutTheSitesAreaCodeEveryMobileKeepsTheFallbackAsBefore() {
        assertThat(ContactPhone.dialledFrom(PhoneNumber.parse("13512345678"), null).fallbackDial()).isEqualTo("013512345678");
    }

    @Test
    void aMobileSegmentOfUnknownCityKeepsTheFallback() {
        assertThat(ContactPhone.dialledFrom(PhoneNumber.parse("17012345678"), CHONGQING).fallbackDial()).isEqualTo("017012345678");
    }

    @Test
    void aLandlineHasNoFallback() {
        assertThat(ContactPhone.dialledFrom(PhoneNumber.parse("0755-86123456"), CHONGQING).fallbackDial()).isNull();
    }

    @Test
    void theExtensionIsKeptApartAndDialledAfterTheNumber() {
        ContactPhone phone = ContactPhone.dialledFrom(PhoneNumber.parse("13512345678转9100"), CHENGDU);

        assertThat(phone.dial()).isEqualTo("13512345678");
        assertThat(phone.extension()).isEqualTo("9100");
        assertThat(phone.fallbackDial()).as("the fallback is the number; the extension follows either").isEqualTo("013512345678");
        assertThat(phone.written()).isEqualTo("13512345678转9100");
    }

    @Test
    void theFourSpellingsOfIssue10ArePhonesOfAnOrder() {
        assertThat(ContactPhone.dialledFrom(PhoneNumber.parse("１３９　１２３４　５６７８"), null).canonical()).isEqualTo("13912345678");
        assertThat(ContactPhone.dialledFrom(PhoneNumber.parse("\u202D139-1234-5678\u202C"), null).canonical()).isEqualTo("13912345678");
        assertThat(ContactPhone.dialledFrom(PhoneNumber.parse("13512345678转9100"), null))
                .isEqualTo(new ContactPhone("13512345678", PhoneNumber.Kind.MOBILE, "013512345678", "9100"));
        assertThat(ContactPhone.dialledFrom(PhoneNumber.parse("028-87654321转8012"), null))
                .isEqualTo(new ContactPhone("028-87654321", PhoneNumber.Kind.LANDLINE, null, "8012"));
    }
}
