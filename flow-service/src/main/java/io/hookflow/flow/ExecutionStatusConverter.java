package io.hookflow.flow;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.util.Locale;

/** Stores {@link ExecutionStatus} as its lower-case name. */
@Converter
public class ExecutionStatusConverter implements AttributeConverter<ExecutionStatus, String> {

    @Override
    public String convertToDatabaseColumn(ExecutionStatus status) {
        return status == null ? null : status.value();
    }

    @Override
    public ExecutionStatus convertToEntityAttribute(String value) {
        return value == null ? null : ExecutionStatus.valueOf(value.toUpperCase(Locale.ROOT));
    }
}
