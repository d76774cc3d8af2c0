package io.hookflow.executor.mapping;

import java.util.LinkedHashMap;

/** A JSON object of a mapping's input as JSONata sees it, marked so that the evaluation guard knows it is not built. */
final class InputObject extends LinkedHashMap<String, Object> {

    InputObject(int capacity) {
        super(capacity);
    }
}
