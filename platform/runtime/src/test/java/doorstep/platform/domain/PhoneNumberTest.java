package doorstep.platform.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import doorstep.platform.domain.PhoneNumber.Kind;
import doorstep.platform.domain.PhoneNumber.Locality;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Phone numbers as people type and paste them: given a text, when it is parsed, then the number (or what is wrong). */
class PhoneNumberTest {

    @Nested
    class Mobiles {

        @ParameterizedTest
        @ValueSource(strings = {"13812345678", "138 1234 5678", "138-1234-5678", "+86 138 1234 5678", "+8613812345678",
                "0086 13812345678", "8613812345678", "013812345678", " (138) 1234-5678 "})
        void commonSpellingsBecomeTheElevenDigits(String raw) {
            PhoneNumber phone = PhoneNumber.parse(raw);

            assertThat(phone.canonical()).isEqualTo("13812345678");
            assertThat(phone.kind()).isEqualTo(Kind.MOBILE);
            assertThat(phone.extension()).isNull();
            assertThat(phone.dial()).isEqualTo("13812345678");
        }

        @Test
        void fullWidthDigitsAndSpacesAsChineseInputMethodsTypeThem() {
            // given: U+FF11 … and the ideographic space U+3000
            String typed = "１３９　１２３４　５６７８";

            PhoneNumber phone = PhoneNumber.parse(typed);

            assertThat(phone.canonical()).isEqualTo("13912345678");
            assertThat(phone.kind()).isEqualTo(Kind.MOBILE);
        }

        @Test
        void directionMarksAPhoneAddsWhenAContactIsCopied() {
            // given: LEFT-TO-RIGHT OVERRIDE … POP DIRECTIONAL FORMATTING around the number
            String pasted = "\u202D139-1234-5678\u202C";

            PhoneNumber phone = PhoneNumber.parse(pasted);

            assertThat(phone.canonical()).isEqualTo("13912345678");
        }

        @Test
        void everyInvisibleFormatCharacterIsDropped() {
            // byte order mark, left-to-right mark, zero-width space and joiner (all Unicode category Cf)
            assertThat(PhoneNumber.parse("\uFEFF\u200E139\u200B1234\u200D5678\u200F").canonical()).isEqualTo("13912345678");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "1391234567   | an 11-digit mobile starting with 1 expected: got 10 digits",
                "138123456789 | an 11-digit mobile starting with 1 expected: got 12 digits",
                "12812345678  | a mobile starts with 13 to 19: got 12"})
        void aWrongMobileIsRefusedSayingWhatIsWrong(String raw, String message) {
            assertThatThrownBy(() -> PhoneNumber.parse(raw)).isInstanceOf(InvalidValue.class).hasMessage(message);
        }
    }

    @Nested
    class Landlines {

        @ParameterizedTest
        @CsvSource({
                "010-62345678, 010-62345678",
                "010 6234 5678, 010-62345678",
                "(010)62345678, 010-62345678",
                "0755-86123456, 0755-86123456",
                "0755 8123 456, 0755-8123456",
                "+86 755 86123456, 0755-86123456",
                "+86 10 62345678, 010-62345678",
                "023-62345678, 023-62345678",
                "（０２８）８７６５４３２１, 028-87654321"})
        void keepTheirAreaCode(String raw, String canonical) {
            PhoneNumber phone = PhoneNumber.parse(raw);

            assertThat(phone.canonical()).isEqualTo(canonical);
            assertThat(phone.kind()).isEqualTo(Kind.LANDLINE);
            assertThat(phone.areaCode()).isEqualTo(canonical.substring(0, canonical.indexOf('-')));
            assertThat(phone.dial()).isEqualTo(canonical.replace("-", ""));
        }

        @ParameterizedTest
        @ValueSource(strings = {"62345678", "8123456"})
        void withoutAreaCodeIsRefusedWithAHint(String raw) {
            assertThatThrownBy(() -> PhoneNumber.parse(raw)).isInstanceOf(InvalidValue.class)
                    .hasMessage("a landline needs its area code, e.g. 0755-86123456");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "0755-0123456  | a landline's number after the area code starts with 2-9 (0 and 1 begin service codes): got 0755-0123456",
                "010-12345678  | a landline's number after the area code starts with 2-9 (0 and 1 begin service codes): got 010-12345678",
                "028-876543210 | a landline's number after the area code 028 has 7 or 8 digits: got 9"})
        void aWrongLandlineIsRefusedSayingWhatIsWrong(String raw, String message) {
            assertThatThrownBy(() -> PhoneNumber.parse(raw)).isInstanceOf(InvalidValue.class).hasMessage(message);
        }
    }

    @Nested
    class Extensions {

        @ParameterizedTest
        @CsvSource({
                "13512345678转9100, 13512345678, 9100",
                "028-87654321转8012, 028-87654321, 8012",
                "028-87654321 转 8012, 028-87654321, 8012",
                "028-87654321分机8012, 028-87654321, 8012",
                "028-87654321分机号8012, 028-87654321, 8012",
                "028-87654321 ext. 8012, 028-87654321, 8012",
                "028-87654321 EXT 8012, 028-87654321, 8012",
                "028-87654321x8012, 028-87654321, 8012",
                "028-87654321#8012, 028-87654321, 8012",
                "０２８－８７６５４３２１转８０１２, 028-87654321, 8012"})
        void areKeptApartFromTheNumber(String raw, String canonical, String extension) {
            PhoneNumber phone = PhoneNumber.parse(raw);

            assertThat(phone.canonical()).isEqualTo(canonical);
            assertThat(phone.extension()).isEqualTo(extension);
            assertThat(phone.dial()).as("the number is dialled first, without the extension").isEqualTo(canonical.replace("-", ""));
            assertThat(phone.written()).isEqualTo(canonical + "转" + extension);
        }

        @Test
        void theWrittenFormReadsBackToTheSameNumber() {
            PhoneNumber phone = PhoneNumber.parse("(028) 8765 4321 ext 8012");

            assertThat(PhoneNumber.parse(phone.written())).isEqualTo(phone);
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "转8012                 | an extension must follow a complete number, e.g. 028-87654321转8012",
                "ext 8012               | an extension must follow a complete number, e.g. 028-87654321转8012",
                "028-87654321转         | the extension after 转 is missing: give its digits, e.g. 028-87654321转8012",
                "138-1234-567x          | the extension after x is missing: give its digits, e.g. 028-87654321转8012",
                "028-87654321转80a      | an extension is digits only: got 转80a",
                "028-87654321转12345678901 | an extension has at most 10 digits: got 11",
                "1351234567转9100       | an 11-digit mobile starting with 1 expected: got 10 digits before the extension",
                "87654321转8012         | a landline needs its area code, e.g. 0755-86123456 before the extension"})
        void aWrongExtensionOrANumberBeforeItIsRefusedSayingWhatIsWrong(String raw, String message) {
            assertThatThrownBy(() -> PhoneNumber.parse(raw)).isInstanceOf(InvalidValue.class).hasMessage(message);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\u202D\u202C", "abc", "911", "1", "+1 415 555 0100", "138 1234 5678 or 139", "+999 123"})
    void anythingElseIsRefusedNamingThePhone(String raw) {
        assertThatThrownBy(() -> PhoneNumber.parse(raw))
                .isInstanceOf(InvalidValue.class)
                .satisfies(e -> assertThat(((InvalidValue) e).field()).isEqualTo("phone"));
    }

    @Test
    void aForeignNumberIsRefusedAsForeign() {
        assertThatThrownBy(() -> PhoneNumber.parse("+1 415 555 0100")).hasMessageStartingWith("is not a mainland China number (country code +1)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "13900001111          | true",
            "１３９　０００ ０１１１   | true",
            "028-87654321转8012   | true",
            "1390000111           | true",
            "微信 wang13900001111 | false",
            "物业前台             | false",
            "电话13900001111      | false",
            "x                    | false"})
    void aFreeTextLooksLikeANumberWhenItIsWrittenAsOne(String text, boolean looksLikeNumber) {
        assertThat(PhoneNumber.looksLikeNumber(text)).isEqualTo(looksLikeNumber);
    }

    @Nested
    class Locality_ {

        @Test
        void aMobileIsLocalWhereItsNumberSegmentIsRegistered() {
            PhoneNumber chongqing = PhoneNumber.parse("13512345678"); // 135 1234: 重庆市

            assertThat(chongqing.locality("023")).isEqualTo(Locality.LOCAL);
            assertThat(chongqing.locality("028")).isEqualTo(Locality.LONG_DISTANCE);
        }

        @Test
        void anAreaCodeServingSeveralCitiesIsLocalToEachOfThem() {
            // 028 is 四川省成都市、资阳市、眉山市; 139 0903 is 四川省眉山市, 139 0810 四川省德阳市 (0838)
            assertThat(PhoneNumber.parse("13909035678").locality("028")).isEqualTo(Locality.LOCAL);
            assertThat(PhoneNumber.parse("13908005678").locality("028")).isEqualTo(Locality.LOCAL);
            assertThat(PhoneNumber.parse("13908105678").locality("028")).isEqualTo(Locality.LONG_DISTANCE);
        }

        @Test
        void unknownWithoutAnAreaCodeOrWhenTheGeocoderKnowsOnlyTheCountry() {
            assertThat(PhoneNumber.parse("13512345678").locality(null)).isEqualTo(Locality.UNKNOWN);
            assertThat(PhoneNumber.parse("17012345678").locality("023")).isEqualTo(Locality.UNKNOWN); // 170: virtual operators, no city
        }

        @Test
        void aLandlineIsLocalToItsOwnAreaCode() {
            assertThat(PhoneNumber.parse("023-62345678").locality("023")).isEqualTo(Locality.LOCAL);
            assertThat(PhoneNumber.parse("023-62345678").locality("028")).isEqualTo(Locality.LONG_DISTANCE);
        }

        @Test
        void areaCodesAreKnownByTheGeocoder() {
            assertThat(PhoneNumber.isAreaCode("010")).isTrue();
            assertThat(PhoneNumber.isAreaCode("0755")).isTrue();
            assertThat(PhoneNumber.isAreaCode("755")).isFalse();
            assertThat(PhoneNumber.isAreaCode("0155")).isFalse();
            assertThat(PhoneNumber.isAreaCode(null)).isFalse();
        }
    }
}
