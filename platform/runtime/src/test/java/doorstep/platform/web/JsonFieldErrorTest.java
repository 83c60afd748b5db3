package doorstep.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Strict JSON reading names the field at fault by its JSON path. */
class JsonFieldErrorTest {

    record Item(String code, Integer quantity, Long priceFen) {
    }

    record Body(String name, List<Item> items) {
    }

    private final ObjectMapper json = new ObjectMapper();

    JsonFieldErrorTest() {
        new StrictJson().customize(json);
    }

    private FieldError error(String body) {
        try {
            json.readValue(body, Body.class);
        } catch (JsonProcessingException e) {
            return ProblemMappers.jsonFieldError(e);
        }
        throw new AssertionError("read without error: " + body);
    }

    @Test
    void aKeyGivenTwiceIsNamedWhereverItIs() {
        assertThat(error("{\"name\":\"a\",\"name\":\"b\"}")).isEqualTo(new FieldError("name", "appears more than once in the same object"));
        assertThat(error("{\"items\":[{\"code\":\"x\"},{\"code\":\"x\",\"code\":\"y\"}]}").field()).isEqualTo("items[1].code");
    }

    @Test
    void aNumberBeyondItsFieldIsNamed() {
        assertThat(error("{\"items\":[{\"quantity\":2147483648}]}"))
                .isEqualTo(new FieldError("items[0].quantity", "is a number out of range for this field"));
        assertThat(error("{\"items\":[{\"priceFen\":9223372036854775808}]}").field()).isEqualTo("items[0].priceFen");
        assertThat(error("{\"items\":[{\"quantity\":1.5}]}").field()).isEqualTo("items[0].quantity");
    }

    @Test
    void malformedJsonAndTrailingValuesAreTheWholeBody() {
        assertThat(error("{\"name\": ").field()).isEqualTo("$");
        assertThat(error("{} {}").field()).isEqualTo("$");
    }
}
