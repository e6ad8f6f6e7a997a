package org.communitygis.core.feature;

/** Attribute types a project layer column can have; values are {@link String}, {@link Long}, {@link Double} or {@link Boolean}. */
public enum FieldType {
    /** Text, stored as {@link String}. */
    STRING,
    /** Whole number, stored as {@link Long}. */
    INTEGER,
    /** Floating-point number, stored as {@link Double}. */
    REAL,
    /** Yes/no flag, stored as {@link Boolean}. */
    BOOLEAN;

    /** Converts {@code value} to this type's Java class, or returns null for null. */
    public Object coerce(Object value) {
        if (value == null) {
            return null;
        }
        switch (this) {
            case STRING:
                return value.toString();
            case INTEGER:
                if (value instanceof Number n) {
                    return n.longValue();
                }
                if (value instanceof Boolean b) {
                    return b ? 1L : 0L;
                }
                return Long.parseLong(value.toString().trim());
            case REAL:
                if (value instanceof Number n) {
                    return n.doubleValue();
                }
                return Double.parseDouble(value.toString().trim());
            case BOOLEAN:
                if (value instanceof Boolean b) {
                    return b;
                }
                if (value instanceof Number n) {
                    return n.longValue() != 0;
                }
                String text = value.toString().trim();
                return text.equalsIgnoreCase("true") || text.equals("1") || text.equalsIgnoreCase("yes");
            default:
                throw new AssertionError(this);
        }
    }
}
