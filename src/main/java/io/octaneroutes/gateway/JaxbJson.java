package io.octaneroutes.gateway;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Converts between plain maps (what flows and the journal handle) and the classes
 * cxf-codegen-plugin generated from our WSDLs. Field based, because JAXB's {@code Boolean isX()}
 * getters are invisible to bean introspection; map keys are therefore the Java field names,
 * which equal the wire names except for a capitalised first letter (e.g. the
 * {@code WmeNewDataPoolReqItem} element is the {@code wmeNewDataPoolReqItem} key).
 */
public final class JaxbJson {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private final ObjectMapper mapper = JsonMapper.builder()
            .visibility(PropertyAccessor.ALL, Visibility.NONE)
            .visibility(PropertyAccessor.FIELD, Visibility.ANY)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .build();

    public <T> T toJaxb(Object map, Class<T> type) {
        return mapper.convertValue(map, type);
    }

    public Map<String, Object> toMap(Object jaxb) {
        if (jaxb == null) {
            return Map.of();
        }
        return mapper.convertValue(jaxb, MAP);
    }
}
