package io.hookflow.flow;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.util.Locale;

/** Stores {@link FlowStatus} as its lower-case name. */
@Converter
public class FlowStatusConverter implements AttributeConverter<FlowStatus, String> {

    @Override
    public String convertToDatabaseColumn(FlowStatus status) {
        return status == null ? null : status.value();
    }

    @Override
    public FlowStatus convertToEntityAttribute(String value) {
        return value == null ? null : FlowStatus.valueOf(value.toUpperCase(Locale.ROOT));
    }
}
