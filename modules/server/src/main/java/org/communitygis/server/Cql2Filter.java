package org.communitygis.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * A parsed CQL2 filter expression, evaluated per feature with SQL's three-valued logic: a comparison
 * with a null property is unknown ({@code null}), {@code NOT unknown} is unknown, and only features for
 * which the whole filter is {@code TRUE} are selected (OGC 21-065, CQL2, clause 7.4 and 7.5).
 */
interface Cql2Filter {

    /** Returns TRUE, FALSE or null (unknown) for a feature's properties and CRS84 geometry. */
    Boolean test(JsonNode properties, Geometry geometry);

    /** Boolean constant {@code TRUE} or {@code FALSE}. */
    record Constant(boolean value) implements Cql2Filter {
        @Override
        public Boolean test(JsonNode properties, Geometry geometry) {
            return value;
        }
    }

    /** {@code a AND b}, Kleene logic. */
    record And(Cql2Filter left, Cql2Filter right) implements Cql2Filter {
        @Override
        public Boolean test(JsonNode properties, Geometry geometry) {
            Boolean a = left.test(properties, geometry);
            if (Boolean.FALSE.equals(a)) {
                return false;
            }
            Boolean b = right.test(properties, geometry);
            if (Boolean.FALSE.equals(b)) {
                return false;
            }
            return a == null || b == null ? null : true;
        }
    }

    /** {@code a OR b}, Kleene logic. */
    record Or(Cql2Filter left, Cql2Filter right) implements Cql2Filter {
        @Override
        public Boolean test(JsonNode properties, Geometry geometry) {
            Boolean a = left.test(properties, geometry);
            if (Boolean.TRUE.equals(a)) {
                return true;
            }
            Boolean b = right.test(properties, geometry);
            if (Boolean.TRUE.equals(b)) {
                return true;
            }
            return a == null || b == null ? null : false;
        }
    }

    /** {@code NOT a}; unknown stays unknown. */
    record Not(Cql2Filter operand) implements Cql2Filter {
        @Override
        public Boolean test(JsonNode properties, Geometry geometry) {
            Boolean value = operand.test(properties, geometry);
            return value == null ? null : !value;
        }
    }

    /** A scalar operand: a property reference or a literal. */
    sealed interface Scalar permits Property, Literal {
        /** Returns the value: a String, Double, Boolean or null. */
        Object value(JsonNode properties);
    }

    /** Reference to a feature property by name. */
    record Property(String name) implements Scalar {
        @Override
        public Object value(JsonNode properties) {
            JsonNode node = properties.get(name);
            if (node == null || node.isNull()) {
                return null;
            }
            if (node.isNumber()) {
                return node.doubleValue();
            }
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            return node.asText();
        }
    }

    /** A string, number or boolean literal. */
    record Literal(Object constant) implements Scalar {
        @Override
        public Object value(JsonNode properties) {
            return constant;
        }
    }

    /** Comparison operators of basic CQL2. */
    enum Operator {
        EQ, NE, LT, LE, GT, GE
    }

    /** {@code left op right}; unknown when either side is null. */
    record Comparison(Scalar left, Operator operator, Scalar right) implements Cql2Filter {
        @Override
        public Boolean test(JsonNode properties, Geometry geometry) {
            Object a = left.value(properties);
            Object b = right.value(properties);
            if (a == null || b == null) {
                return null;
            }
            int order = compare(a, b);
            switch (operator) {
                case EQ:
                    return order == 0;
                case NE:
                    return order != 0;
                case LT:
                    return order < 0;
                case LE:
                    return order <= 0;
                case GT:
                    return order > 0;
                default:
                    return order >= 0;
            }
        }
    }

    /** {@code value IS NULL}. */
    record IsNull(Scalar operand) implements Cql2Filter {
        @Override
        public Boolean test(JsonNode properties, Geometry geometry) {
            return operand.value(properties) == null;
        }
    }

    /** {@code value BETWEEN low AND high}, both ends included. */
    record Between(Scalar operand, Scalar low, Scalar high) implements Cql2Filter {
        @Override
        public Boolean test(JsonNode properties, Geometry geometry) {
            Object value = operand.value(properties);
            Object min = low.value(properties);
            Object max = high.value(properties);
            if (value == null || min == null || max == null) {
                return null;
            }
            return compare(value, min) >= 0 && compare(value, max) <= 0;
        }
    }

    /** {@code value IN (a, b, …)}. */
    record In(Scalar operand, List<Scalar> list) implements Cql2Filter {
        @Override
        public Boolean test(JsonNode properties, Geometry geometry) {
            Object value = operand.value(properties);
            if (value == null) {
                return null;
            }
            boolean unknown = false;
            for (Scalar item : list) {
                Object candidate = item.value(properties);
                if (candidate == null) {
                    unknown = true;
                } else if (compare(value, candidate) == 0) {
                    return true;
                }
            }
            return unknown ? null : false;
        }
    }

    /**
     * {@code value LIKE pattern} with {@code %} for any run of characters, {@code _} for one character and
     * {@code \} escaping the next pattern character. Case-sensitive.
     */
    record Like(Scalar operand, String pattern) implements Cql2Filter {
        @Override
        public Boolean test(JsonNode properties, Geometry geometry) {
            Object value = operand.value(properties);
            if (value == null) {
                return null;
            }
            return matches(value.toString(), pattern);
        }

        /**
         * Matches with the iterative wildcard algorithm: on a mismatch it goes back only to the last
         * {@code %}, so the time is O(text × pattern) at worst, with no exponential backtracking.
         */
        static boolean matches(String text, String pattern) {
            int t = 0;
            int p = 0;
            int starPattern = -1;
            int starText = -1;
            while (t < text.length()) {
                if (p < pattern.length()) {
                    char c = pattern.charAt(p);
                    if (c == '%') {
                        starPattern = ++p;
                        starText = t;
                        continue;
                    }
                    if (c == '\\' && p + 1 < pattern.length()) {
                        if (pattern.charAt(p + 1) == text.charAt(t)) {
                            p += 2;
                            t++;
                            continue;
                        }
                    } else if (c == '_' || c == text.charAt(t)) {
                        p++;
                        t++;
                        continue;
                    }
                }
                if (starPattern < 0) {
                    return false;
                }
                p = starPattern;
                t = ++starText;
            }
            while (p < pattern.length() && pattern.charAt(p) == '%') {
                p++;
            }
            return p == pattern.length();
        }
    }

    /** Spatial comparison functions of CQL2 (clause 7.9, DE-9IM relations). */
    enum SpatialFunction {
        S_INTERSECTS, S_DISJOINT, S_EQUALS, S_TOUCHES, S_WITHIN, S_OVERLAPS, S_CROSSES, S_CONTAINS
    }

    /**
     * A spatial function between the feature geometry and a CRS84 literal, or between two literals. The
     * literal is prepared once, so each feature costs one prepared-geometry test for intersects, contains
     * and within.
     *
     * @param function the relation
     * @param geometryFirst whether the feature geometry is the first argument
     * @param literal the literal in CRS84, or null when both arguments are the feature geometry
     * @param constantResult the result when both arguments are literals, else null
     * @param prepared the literal prepared for repeated tests, or null
     */
    record Spatial(SpatialFunction function, boolean geometryFirst, Geometry literal, Boolean constantResult,
            PreparedGeometry prepared) implements Cql2Filter {

        static Spatial of(SpatialFunction function, boolean geometryFirst, Geometry literal) {
            return new Spatial(function, geometryFirst, literal, null,
                    literal == null ? null : PreparedGeometryFactory.prepare(literal));
        }

        static Spatial constant(SpatialFunction function, Geometry first, Geometry second) {
            return new Spatial(function, true, null, relate(function, first, second), null);
        }

        @Override
        public Boolean test(JsonNode properties, Geometry geometry) {
            if (constantResult != null) {
                return constantResult;
            }
            if (geometry == null || geometry.isEmpty()) {
                return null;
            }
            if (literal == null) {
                return relate(function, geometry, geometry);
            }
            // Prepared literal: the relation is evaluated with the literal as the first argument.
            switch (function) {
                case S_INTERSECTS:
                    return prepared.intersects(geometry);
                case S_DISJOINT:
                    return prepared.disjoint(geometry);
                case S_CONTAINS:
                    return geometryFirst ? prepared.within(geometry) : prepared.contains(geometry);
                case S_WITHIN:
                    return geometryFirst ? prepared.contains(geometry) : prepared.within(geometry);
                default:
                    return geometryFirst ? relate(function, geometry, literal) : relate(function, literal, geometry);
            }
        }

        static boolean relate(SpatialFunction function, Geometry a, Geometry b) {
            switch (function) {
                case S_INTERSECTS:
                    return a.intersects(b);
                case S_DISJOINT:
                    return a.disjoint(b);
                case S_EQUALS:
                    return a.equalsTopo(b);
                case S_TOUCHES:
                    return a.touches(b);
                case S_WITHIN:
                    return a.within(b);
                case S_OVERLAPS:
                    return a.overlaps(b);
                case S_CROSSES:
                    return a.crosses(b);
                default:
                    return a.contains(b);
            }
        }
    }

    /** Compares two non-null values of the same kind (number, string, boolean). */
    static int compare(Object a, Object b) {
        if (a instanceof Double x && b instanceof Double y) {
            // == first, so that 0.0 and -0.0 compare equal as in SQL.
            return x.doubleValue() == y.doubleValue() ? 0 : Double.compare(x, y);
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        return a.toString().compareTo(b.toString());
    }
}
