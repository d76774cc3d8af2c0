package io.hookflow.executor.mapping;

import java.util.ArrayList;

/** A JSON array of a mapping's input as JSONata sees it, marked so that the evaluation guard knows it is not built. */
final class InputArray extends ArrayList<Object> {

    InputArray(int capacity) {
        super(capacity);
    }
}
