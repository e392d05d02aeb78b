package org.deephtm.layers;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A DeepHTM configuration's options are its own fields: the instance fields its classes declare
 * below DL4J's (DL4J's own, the updater, the name, ..., are DL4J's business). So that an option
 * is written once, as a field with its default, a getter (Jackson reads and writes the field
 * through it, which is the JSON contract) and a builder method, the copying from a builder, the
 * comparison, the hash and the one-line description are derived here from the fields.
 */
final class LayerOptions {

    private static final Map<Class<?>, List<Field>> FIELDS = new ConcurrentHashMap<>();

    private LayerOptions() {
    }

    /** The option fields of {@code type}, its own first, then its superclasses', each in declaration order. */
    static List<Field> of(Class<?> type) {
        return FIELDS.computeIfAbsent(type, t -> {
            List<Class<?>> classes = new ArrayList<>();
            for (Class<?> c = t; c != null && !c.getName().startsWith("org.deeplearning4j."); c = c.getSuperclass()) {
                classes.add(c);
            }
            List<Field> fields = new ArrayList<>();
            for (Class<?> c : classes) {
                for (Field f : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers())) {
                        f.setAccessible(true);
                        fields.add(f);
                    }
                }
            }
            return List.copyOf(fields);
        });
    }

    /** Copies every option of {@code from} into {@code to}, a configuration of the same class. */
    static void copy(Object from, Object to) {
        for (Field f : of(from.getClass())) {
            try {
                f.set(to, f.get(from));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot copy option " + f.getName(), e);
            }
        }
    }

    static boolean equal(Object a, Object b) {
        if (a.getClass() != b.getClass()) {
            return false;
        }
        for (Field f : of(a.getClass())) {
            if (!Objects.deepEquals(value(f, a), value(f, b))) {
                return false;
            }
        }
        return true;
    }

    static int hash(Object o) {
        return Arrays.deepHashCode(values(o));
    }

    /** {@code "TemporalMemory(name=tm, columns=256, cellsPerColumn=5, ...)"}: one line, as PyTorch's extra_repr. */
    static String describe(Object o, String layerName) {
        StringBuilder s = new StringBuilder(o.getClass().getSimpleName()).append('(');
        if (layerName != null) {
            s.append("name=").append(layerName).append(", ");
        }
        List<Field> fields = of(o.getClass());
        for (int i = 0; i < fields.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(fields.get(i).getName()).append('=').append(value(fields.get(i), o));
        }
        return s.append(')').toString();
    }

    private static Object[] values(Object o) {
        return of(o.getClass()).stream().map(f -> value(f, o)).toArray();
    }

    private static Object value(Field f, Object o) {
        try {
            return f.get(o);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read option " + f.getName(), e);
        }
    }
}
