package doorstep.platform.web;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * The one ObjectMapper of a service reads JSON strictly: a key twice in one object, anything after
 * the JSON value, null for a primitive and a fraction for a whole number are errors (400 naming
 * the field, see {@link ProblemMappers}) instead of last-one-wins, ignored, 0 and truncated.
 * Numbers too large for their field already fail. The same mapper reads events, which this
 * platform writes and which meet these rules.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        // Also for parsers created from the factory directly, as a JAX-RS reader may do.
        mapper.getFactory().configure(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, true);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }
}
