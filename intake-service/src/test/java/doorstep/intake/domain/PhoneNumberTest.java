package doorstep.intake.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import doorstep.platform.domain.InvalidValue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumberTest {

    @ParameterizedTest
    @ValueSource(strings = {"13812345678", "138 1234 5678", "138-1234-5678", "+86 138 1234 5678", "+8613812345678",
            "0086 13812345678", "8613812345678", "013812345678", " (138) 1234-5678 "})
    void mobilesInCommonSpellingsBecomeCanonicalWithATrunkPrefixedFallback(String raw) {
        PhoneNumber phone = PhoneNumber.parse(raw);
        assertThat(phone.canonical()).isEqualTo("13812345678");
        assertThat(phone.kind()).isEqualTo(PhoneNumber.Kind.MOBILE);
        assertThat(phone.fallbackDial()).isEqualTo("013812345678");
        assertThat(phone.dial()).isEqualTo("13812345678");
    }

    @ParameterizedTest
    @CsvSource({
            "010-62345678, 010-62345678",
            "010 6234 5678, 010-62345678",
            "(010)62345678, 010-62345678",
            "0755-86123456, 0755-86123456",
            "0755 8123 456, 0755-8123456",
            "+86 755 86123456, 0755-86123456",
            "+86 10 62345678, 010-62345678",
            "023-62345678, 023-62345678"})
    void landlinesKeepTheirAreaCode(String raw, String canonical) {
        PhoneNumber phone = PhoneNumber.parse(raw);
        assertThat(phone.canonical()).isEqualTo(canonical);
        assertThat(phone.kind()).isEqualTo(PhoneNumber.Kind.LANDLINE);
        assertThat(phone.fallbackDial()).isNull();
        assertThat(phone.dial()).isEqualTo(canonical.replace("-", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"62345678", "8123456"})
    void aLandlineWithoutAreaCodeIsRefusedWithAHint(String raw) {
        assertThatThrownBy(() -> PhoneNumber.parse(raw)).isInstanceOf(InvalidValue.class).hasMessageContaining("area code");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "1381234567", "138123456789", "12812345678", "abc", "138-1234-567x",
            "0755-0123456", "010-12345678", "911", "+1 415 555 0100"})
    void anythingElseIsRefused(String raw) {
        assertThatThrownBy(() -> PhoneNumber.parse(raw))
                .isInstanceOf(InvalidValue.class)
                .satisfies(e -> assertThat(((InvalidValue) e).field()).isEqualTo("phone"));
    }
}
