package org.communitygis.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks the {@code inputs} of an execute request against a {@link ProcessRunner}'s input descriptions. */
final class ProcessInputs {
    private ProcessInputs() {
    }

    /**
     * Returns every declared input of {@code runner}: the request's value, else the default.
     *
     * <p>A value may be given bare ({@code "stream_threshold_m2": 5000}) or qualified
     * ({@code "stream_threshold_m2": {"value": 5000}}), as OGC API – Processes allows for literal inputs.
     *
     * @param given the request's {@code inputs} object, or null when it has none
     * @throws ApiException 400 naming the first unknown, missing or invalid input
     */
    static Map<String, Object> validate(ProcessRunner runner, ObjectNode given) {
        List<ProcessInput> declared = runner.inputs();
        Map<String, ProcessInput> byName = new LinkedHashMap<>();
        declared.forEach(input -> byName.put(input.name(), input));
        if (given != null) {
            for (Iterator<String> names = given.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (!byName.containsKey(name)) {
                    throw ApiException.badInput("process.inputUnknown", name, runner.id(),
                            String.join(", ", byName.keySet()));
                }
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (ProcessInput input : declared) {
            JsonNode node = given == null ? null : given.get(input.name());
            if (node != null && node.isObject() && node.has("value")) {
                node = node.get("value");
            }
            if (node == null || node.isNull()) {
                if (input.defaultValue() == null) {
                    throw ApiException.badInput("process.inputRequired", input.name(), runner.id());
                }
                values.put(input.name(), input.defaultValue());
                continue;
            }
            values.put(input.name(), value(runner, input, node));
        }
        return values;
    }

    private static Object value(ProcessRunner runner, ProcessInput input, JsonNode node) {
        String text = node.isValueNode() ? node.asText() : node.toString();
        switch (input.type()) {
            case BOOLEAN -> {
                if (!node.isBoolean()) {
                    throw ApiException.badInput("process.inputType", input.name(), "boolean", text);
                }
                return node.booleanValue();
            }
            case STRING -> {
                if (!node.isTextual()) {
                    throw ApiException.badInput("process.inputType", input.name(), "string", text);
                }
                if (!input.allowedValues().isEmpty() && !input.allowedValues().contains(node.textValue())) {
                    throw ApiException.badInput("process.inputValue", input.name(), text,
                            String.join(", ", input.allowedValues()));
                }
                return node.textValue();
            }
            case INTEGER -> {
                if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                    throw ApiException.badInput("process.inputType", input.name(), "integer", text);
                }
                checkRange(input, node.longValue(), text);
                return node.longValue();
            }
            case NUMBER -> {
                if (!node.isNumber() || !Double.isFinite(node.doubleValue())) {
                    throw ApiException.badInput("process.inputType", input.name(), "number", text);
                }
                checkRange(input, node.doubleValue(), text);
                return node.doubleValue();
            }
            default -> throw new IllegalStateException("Input type " + input.type() + " of process " + runner.id());
        }
    }

    private static void checkRange(ProcessInput input, double value, String text) {
        boolean low = input.minimum() != null && value < input.minimum();
        boolean high = input.maximum() != null && value > input.maximum();
        if (low || high) {
            throw ApiException.badInput("process.inputRange", input.name(), text,
                    input.minimum() == null ? "-∞" : input.minimum(), input.maximum() == null ? "∞" : input.maximum());
        }
    }
}
