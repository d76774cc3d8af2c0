package io.hookflow.k8s;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;

/**
 * Validates built-in Kubernetes objects with the fabric8 model: Jackson refuses a wrong type (no coercion, as the
 * API server refuses one), and a walker refuses any field the model does not know, which fabric8 keeps in
 * {@code additionalProperties} instead of failing.
 */
final class CoreModelValidator {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .withCoercionConfig(LogicalType.Textual, config -> config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    /** "apps/v1 Deployment" to its model class, for every kind the fabric8 model jars on the class path list. */
    private static final Map<String, Class<?>> KINDS = loadKinds();

    private CoreModelValidator() {
    }

    static boolean knows(String apiVersion, String kind) {
        return KINDS.containsKey(apiVersion + " " + kind);
    }

    /** The problems of one built-in object, each naming the object and the field; empty when it is valid. */
    static List<String> validate(Manifest manifest) {
        Class<?> type = KINDS.get(manifest.apiVersion() + " " + manifest.kind());
        if (type == null) {
            return List.of(manifest.id() + ": no fabric8 model for " + manifest.apiVersion() + " " + manifest.kind());
        }
        return validate(manifest.id(), manifest.node(), type, "");
    }

    /** Validates {@code node} as {@code type}; paths in the problems start with {@code pathPrefix}. */
    static List<String> validate(String id, JsonNode node, Class<?> type, String pathPrefix) {
        Object model;
        try {
            model = MAPPER.treeToValue(node, type);
        } catch (JsonMappingException e) {
            return List.of(id + ": " + join(pathPrefix, path(e)) + ": wrong type or value: " + e.getOriginalMessage());
        } catch (IOException e) {
            return List.of(id + ": " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        walk(model, pathPrefix, id, problems);
        return problems;
    }

    private static void walk(Object value, String path, String id, List<String> problems) {
        if (value == null) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> walk(item, path + "[" + key + "]", id, problems));
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", id, problems);
            }
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Class<?> c = value.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || field.isSynthetic()) {
                    continue;
                }
                field.setAccessible(true);
                Object fieldValue;
                try {
                    fieldValue = field.get(value);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (field.getName().equals("additionalProperties")) {
                    if (fieldValue instanceof Map<?, ?> unknown) {
                        unknown.keySet().forEach(key -> problems.add(id + ": " + join(path, String.valueOf(key)) + ": unknown field"));
                    }
                    continue;
                }
                JsonProperty property = field.getAnnotation(JsonProperty.class);
                String name = property != null && !property.value().isEmpty() ? property.value() : field.getName();
                walk(fieldValue, join(path, name), id, problems);
            }
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append("[").append(reference.getIndex()).append("]");
            }
        }
        return path.toString();
    }

    private static String join(String path, String name) {
        if (path.isEmpty()) {
            return name;
        }
        return name.isEmpty() ? path : path + "." + name;
    }

    private static Map<String, Class<?>> loadKinds() {
        Map<String, Class<?>> kinds = new HashMap<>();
        ClassLoader loader = CoreModelValidator.class.getClassLoader();
        try {
            Enumeration<URL> lists = loader.getResources("META-INF/services/" + KubernetesResource.class.getName());
            for (URL list : Collections.list(lists)) {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(list.openStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = reader.readLine()) != null;) {
                        String name = line.strip();
                        if (name.isEmpty() || name.startsWith("#")) {
                            continue;
                        }
                        Class<?> type = Class.forName(name, false, loader);
                        if (HasMetadata.class.isAssignableFrom(type)) {
                            @SuppressWarnings("unchecked")
                            Class<? extends HasMetadata> resource = (Class<? extends HasMetadata>) type;
                            kinds.put(HasMetadata.getApiVersion(resource) + " " + HasMetadata.getKind(resource), type);
                        }
                    }
                }
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("Reading the fabric8 model's list of kinds: " + e.getMessage(), e);
        }
        if (kinds.isEmpty()) {
            throw new IllegalStateException("No fabric8 model on the class path");
        }
        return Map.copyOf(kinds);
    }
}
