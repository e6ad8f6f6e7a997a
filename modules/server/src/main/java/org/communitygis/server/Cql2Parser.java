package org.communitygis.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.communitygis.core.CgisException;
import org.communitygis.core.feature.FieldType;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * A recursive-descent parser for CQL2 text (OGC 21-065): the basic-cql2 conformance class (comparison
 * {@code = <> < <= > >=}, {@code AND OR NOT}, {@code IS [NOT] NULL}, {@code [NOT] LIKE},
 * {@code [NOT] BETWEEN}, {@code [NOT] IN}, {@code TRUE}/{@code FALSE}) and the spatial functions
 * {@code S_INTERSECTS S_DISJOINT S_EQUALS S_TOUCHES S_WITHIN S_OVERLAPS S_CROSSES S_CONTAINS} with WKT
 * and {@code BBOX(…)} literals.
 *
 * <p>Keywords and function names are case-insensitive. Property names are checked against the
 * collection's queryables and literal types against the property type, so a typo or a type mismatch is a
 * 400 naming the position (1-based character) instead of an empty result. Nesting is limited to
 * {@value #MAX_DEPTH} levels and the text to {@value #MAX_LENGTH} characters, so a hostile filter cannot
 * exhaust the stack. No regular expression is used on the filter text.
 */
final class Cql2Parser {
    /** Maximum filter length, in characters. */
    static final int MAX_LENGTH = 16_384;
    /** Deepest nesting of parentheses and NOT accepted. */
    static final int MAX_DEPTH = 64;
    /** Name of the geometry queryable. */
    static final String GEOMETRY = "geometry";

    private static final GeometryFactory FACTORY = new GeometryFactory();
    private static final Set<String> WKT_TYPES = Set.of("POINT", "LINESTRING", "POLYGON", "MULTIPOINT",
            "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION");
    private static final String COMPARISON_OPERATORS = "=, <>, <, <=, >, >=, LIKE, BETWEEN, IN, IS";
    private static final String VALUE = "property, 'text', number, TRUE, FALSE";

    private final String text;
    private final List<Token> tokens;
    private final Map<String, FieldType> queryables;
    private final ServedCrs filterCrs;
    private int next;
    private int depth;

    private Cql2Parser(String text, Map<String, FieldType> queryables, ServedCrs filterCrs) {
        this.text = text;
        this.tokens = tokenize(text);
        this.queryables = queryables;
        this.filterCrs = filterCrs;
    }

    /**
     * Parses a CQL2 text filter.
     *
     * @param text the filter
     * @param queryables property names and types; the geometry is {@value #GEOMETRY}
     * @param filterCrs CRS of the geometry literals, in its authoritative axis order
     * @throws ApiException (400) naming the position and the problem
     */
    static Cql2Filter parse(String text, Map<String, FieldType> queryables, ServedCrs filterCrs) {
        if (text.length() > MAX_LENGTH) {
            throw ApiException.badParameter("filter.length", text.length(), MAX_LENGTH);
        }
        Cql2Parser parser = new Cql2Parser(text, queryables, filterCrs);
        Cql2Filter filter = parser.booleanExpression();
        if (parser.peek().kind != Kind.END) {
            throw parser.expected("AND, OR");
        }
        return filter;
    }

    private Cql2Filter booleanExpression() {
        if (++depth > MAX_DEPTH) {
            throw ApiException.badParameter("filter.depth", MAX_DEPTH, peek().position);
        }
        Cql2Filter result = booleanTerm();
        while (acceptKeyword("OR")) {
            result = new Cql2Filter.Or(result, booleanTerm());
        }
        depth--;
        return result;
    }

    private Cql2Filter booleanTerm() {
        Cql2Filter result = booleanFactor();
        while (acceptKeyword("AND")) {
            result = new Cql2Filter.And(result, booleanFactor());
        }
        return result;
    }

    private Cql2Filter booleanFactor() {
        if (acceptKeyword("NOT")) {
            if (++depth > MAX_DEPTH) {
                throw ApiException.badParameter("filter.depth", MAX_DEPTH, peek().position);
            }
            Cql2Filter operand = booleanFactor();
            depth--;
            return new Cql2Filter.Not(operand);
        }
        return booleanPrimary();
    }

    private Cql2Filter booleanPrimary() {
        Token token = peek();
        if (token.is("(")) {
            next++;
            Cql2Filter inner = booleanExpression();
            expectSymbol(")");
            return inner;
        }
        if (token.kind == Kind.WORD) {
            String upper = token.upper();
            if (upper.startsWith("S_") && peekAt(1).is("(")) {
                return spatial();
            }
            if ((upper.equals("TRUE") || upper.equals("FALSE")) && !startsPredicate(peekAt(1))) {
                next++;
                return new Cql2Filter.Constant(upper.equals("TRUE"));
            }
        }
        return predicate();
    }

    private static boolean startsPredicate(Token token) {
        if (token.kind == Kind.SYMBOL) {
            return !token.is(")") && !token.is(",") && !token.is("(");
        }
        if (token.kind == Kind.WORD) {
            String upper = token.upper();
            return upper.equals("LIKE") || upper.equals("BETWEEN") || upper.equals("IN") || upper.equals("IS")
                    || upper.equals("NOT");
        }
        return false;
    }

    private Cql2Filter predicate() {
        Token first = peek();
        Cql2Filter.Scalar left = scalar();
        Token token = peek();
        if (token.kind == Kind.SYMBOL) {
            Cql2Filter.Operator operator = operator(token);
            if (operator != null) {
                next++;
                Token rightToken = peek();
                Cql2Filter.Scalar right = scalar();
                checkComparable(first, left, rightToken, right);
                return new Cql2Filter.Comparison(left, operator, right);
            }
        }
        if (acceptKeyword("IS")) {
            boolean negated = acceptKeyword("NOT");
            expectKeyword("NULL");
            Cql2Filter isNull = new Cql2Filter.IsNull(left);
            return negated ? new Cql2Filter.Not(isNull) : isNull;
        }
        boolean negated = acceptKeyword("NOT");
        Cql2Filter result;
        if (acceptKeyword("LIKE")) {
            requireKind(first, left, "string");
            Token pattern = peek();
            if (pattern.kind != Kind.STRING) {
                throw expected("'pattern'");
            }
            next++;
            result = new Cql2Filter.Like(left, pattern.value);
        } else if (acceptKeyword("BETWEEN")) {
            Token lowToken = peek();
            Cql2Filter.Scalar low = scalar();
            checkComparable(first, left, lowToken, low);
            expectKeyword("AND");
            Token highToken = peek();
            Cql2Filter.Scalar high = scalar();
            checkComparable(first, left, highToken, high);
            result = new Cql2Filter.Between(left, low, high);
        } else if (acceptKeyword("IN")) {
            expectSymbol("(");
            List<Cql2Filter.Scalar> list = new ArrayList<>();
            do {
                Token itemToken = peek();
                Cql2Filter.Scalar item = scalar();
                checkComparable(first, left, itemToken, item);
                list.add(item);
            } while (acceptSymbol(","));
            expectSymbol(")");
            result = new Cql2Filter.In(left, list);
        } else {
            throw expected(negated ? "LIKE, BETWEEN, IN" : COMPARISON_OPERATORS);
        }
        return negated ? new Cql2Filter.Not(result) : result;
    }

    private static Cql2Filter.Operator operator(Token token) {
        switch (token.value) {
            case "=":
                return Cql2Filter.Operator.EQ;
            case "<>":
                return Cql2Filter.Operator.NE;
            case "<":
                return Cql2Filter.Operator.LT;
            case "<=":
                return Cql2Filter.Operator.LE;
            case ">":
                return Cql2Filter.Operator.GT;
            case ">=":
                return Cql2Filter.Operator.GE;
            default:
                return null;
        }
    }

    private Cql2Filter.Scalar scalar() {
        Token token = peek();
        switch (token.kind) {
            case STRING:
                next++;
                return new Cql2Filter.Literal(token.value);
            case NUMBER:
                next++;
                return new Cql2Filter.Literal(number(token));
            case SYMBOL:
                if (token.is("-") || token.is("+")) {
                    Token digits = peekAt(1);
                    if (digits.kind == Kind.NUMBER && digits.position == token.position + 1) {
                        next += 2;
                        double value = number(digits);
                        return new Cql2Filter.Literal(token.is("-") ? -value : value);
                    }
                }
                throw expected(VALUE);
            case QUOTED:
                next++;
                return property(token);
            case WORD:
                String upper = token.upper();
                if (upper.equals("TRUE") || upper.equals("FALSE")) {
                    next++;
                    return new Cql2Filter.Literal(upper.equals("TRUE"));
                }
                next++;
                return property(token);
            default:
                throw expected(VALUE);
        }
    }

    private Cql2Filter.Property property(Token token) {
        String name = token.value;
        if (!queryables.containsKey(name) || name.equals(GEOMETRY)) {
            if (name.equals(GEOMETRY)) {
                throw ApiException.badParameter("filter.geometryScalar", token.position);
            }
            throw ApiException.badParameter("filter.unknownProperty", token.position, name,
                    String.join(", ", new TreeSet<>(queryables.keySet())));
        }
        return new Cql2Filter.Property(name);
    }

    private double number(Token token) {
        try {
            double value = Double.parseDouble(token.value);
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badParameter("filter.number", token.position, token.value);
    }

    private Cql2Filter spatial() {
        Token name = peek();
        Cql2Filter.SpatialFunction function;
        try {
            function = Cql2Filter.SpatialFunction.valueOf(name.upper());
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter("filter.function", name.position, name.value,
                    "S_INTERSECTS, S_DISJOINT, S_EQUALS, S_TOUCHES, S_WITHIN, S_OVERLAPS, S_CROSSES, S_CONTAINS");
        }
        next++;
        expectSymbol("(");
        Geometry first = geometryOperand();
        expectSymbol(",");
        Geometry second = geometryOperand();
        expectSymbol(")");
        if (first == null && second == null) {
            return Cql2Filter.Spatial.of(function, true, null);
        }
        if (first == null) {
            return Cql2Filter.Spatial.of(function, true, second);
        }
        if (second == null) {
            return Cql2Filter.Spatial.of(function, false, first);
        }
        return Cql2Filter.Spatial.constant(function, first, second);
    }

    /** Returns a CRS84 literal, or null for the feature geometry property. */
    private Geometry geometryOperand() {
        Token token = peek();
        if (token.kind != Kind.WORD && token.kind != Kind.QUOTED) {
            throw expected("geometry, POINT(…), POLYGON(…), BBOX(…)");
        }
        String upper = token.upper();
        if (token.kind == Kind.QUOTED || upper.equals(GEOMETRY.toUpperCase(Locale.ROOT))
                || queryables.containsKey(token.value)) {
            if (!token.value.equalsIgnoreCase(GEOMETRY)) {
                throw ApiException.badParameter("filter.notGeometry", token.position, token.value, GEOMETRY);
            }
            next++;
            return null;
        }
        Geometry literal;
        if (upper.equals("BBOX")) {
            literal = bbox();
        } else if (WKT_TYPES.contains(upper)) {
            literal = wkt();
        } else {
            throw expected("geometry, POINT(…), POLYGON(…), BBOX(…)");
        }
        try {
            return filterCrs.toCrs84(literal);
        } catch (CgisException e) {
            throw ApiException.badParameter("filter.transform", token.position, filterCrs.uri());
        }
    }

    private Geometry bbox() {
        Token start = peek();
        next++;
        expectSymbol("(");
        List<Double> numbers = new ArrayList<>();
        do {
            Token token = peek();
            boolean negative = false;
            if (token.is("-") || token.is("+")) {
                negative = token.is("-");
                next++;
                token = peek();
            }
            if (token.kind != Kind.NUMBER) {
                throw expected("number");
            }
            next++;
            numbers.add(negative ? -number(token) : number(token));
        } while (acceptSymbol(","));
        expectSymbol(")");
        if (numbers.size() != 4 && numbers.size() != 6) {
            throw ApiException.badParameter("filter.bbox", start.position, numbers.size());
        }
        int half = numbers.size() / 2;
        double x1 = numbers.get(0);
        double y1 = numbers.get(1);
        double x2 = numbers.get(half);
        double y2 = numbers.get(half + 1);
        // BBOX literals are in the filter CRS's axis order like every other coordinate.
        return FACTORY.toGeometry(new Envelope(x1, x2, y1, y2));
    }

    /** Parses a WKT literal by finding its extent with balanced parentheses and reading it with JTS. */
    private Geometry wkt() {
        Token start = peek();
        next++;
        while (peek().kind == Kind.WORD && isDimension(peek().upper())) {
            next++;
        }
        if (peek().kind == Kind.WORD && peek().upper().equals("EMPTY")) {
            next++;
        } else {
            int open = 0;
            do {
                Token token = peek();
                if (token.kind == Kind.END) {
                    throw expected(")");
                }
                if (token.is("(")) {
                    open++;
                } else if (token.is(")")) {
                    open--;
                } else if (open == 0) {
                    throw expected("(");
                }
                next++;
            } while (open > 0);
        }
        Token last = tokens.get(next - 1);
        String literal = text.substring(start.position - 1, last.position - 1 + last.length);
        try {
            Geometry geometry = new WKTReader(FACTORY).read(literal);
            if (!geometry.isValid()) {
                throw ApiException.badParameter("filter.wkt", start.position, "invalid geometry");
            }
            return geometry;
        } catch (ParseException | IllegalArgumentException e) {
            throw ApiException.badParameter("filter.wkt", start.position, String.valueOf(e.getMessage()));
        }
    }

    private static boolean isDimension(String word) {
        return word.equals("Z") || word.equals("M") || word.equals("ZM");
    }

    private void checkComparable(Token leftToken, Cql2Filter.Scalar left, Token rightToken,
            Cql2Filter.Scalar right) {
        String a = kind(left);
        String b = kind(right);
        if (a != null && b != null && !a.equals(b)) {
            Token at = left instanceof Cql2Filter.Property ? rightToken : leftToken;
            throw ApiException.badParameter("filter.type", at.position, a, b);
        }
    }

    private void requireKind(Token token, Cql2Filter.Scalar scalar, String required) {
        String kind = kind(scalar);
        if (kind != null && !kind.equals(required)) {
            throw ApiException.badParameter("filter.type", token.position, kind, required);
        }
    }

    /** Returns "string", "number" or "boolean", or null when unknown. */
    private String kind(Cql2Filter.Scalar scalar) {
        if (scalar instanceof Cql2Filter.Literal literal) {
            Object value = literal.constant();
            if (value instanceof String) {
                return "string";
            }
            return value instanceof Boolean ? "boolean" : "number";
        }
        FieldType type = queryables.get(((Cql2Filter.Property) scalar).name());
        if (type == null) {
            return null;
        }
        switch (type) {
            case STRING:
                return "string";
            case BOOLEAN:
                return "boolean";
            default:
                return "number";
        }
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(next + ahead, tokens.size() - 1));
    }

    private boolean acceptKeyword(String keyword) {
        Token token = peek();
        if (token.kind == Kind.WORD && token.upper().equals(keyword)) {
            next++;
            return true;
        }
        return false;
    }

    private void expectKeyword(String keyword) {
        if (!acceptKeyword(keyword)) {
            throw expected(keyword);
        }
    }

    private boolean acceptSymbol(String symbol) {
        if (peek().is(symbol)) {
            next++;
            return true;
        }
        return false;
    }

    private void expectSymbol(String symbol) {
        if (!acceptSymbol(symbol)) {
            throw expected(symbol);
        }
    }

    private ApiException expected(String expectation) {
        Token token = peek();
        if (token.kind == Kind.END) {
            return ApiException.badParameter("filter.end", token.position, expectation);
        }
        return ApiException.badParameter("filter.expected", token.position, expectation, token.value);
    }

    private enum Kind {
        WORD, QUOTED, STRING, NUMBER, SYMBOL, END
    }

    /** A token with its 1-based start position and its length in the filter text. */
    private record Token(Kind kind, String value, int position, int length) {
        boolean is(String symbol) {
            return kind == Kind.SYMBOL && value.equals(symbol);
        }

        String upper() {
            return value.toUpperCase(Locale.ROOT);
        }
    }

    private static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'') {
                StringBuilder value = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw ApiException.badParameter("filter.string", start + 1);
                    }
                    char d = text.charAt(i);
                    if (d == '\'') {
                        if (i + 1 < n && text.charAt(i + 1) == '\'') {
                            value.append('\'');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    value.append(d);
                    i++;
                }
                tokens.add(new Token(Kind.STRING, value.toString(), start + 1, i - start));
            } else if (c == '"') {
                int end = text.indexOf('"', i + 1);
                if (end < 0) {
                    throw ApiException.badParameter("filter.string", start + 1);
                }
                tokens.add(new Token(Kind.QUOTED, text.substring(i + 1, end), start + 1, end + 1 - start));
                i = end + 1;
            } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(text.charAt(i + 1)))) {
                while (i < n && (isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                    i++;
                }
                if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
                    i++;
                    if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                        i++;
                    }
                    while (i < n && isDigit(text.charAt(i))) {
                        i++;
                    }
                }
                tokens.add(new Token(Kind.NUMBER, text.substring(start, i), start + 1, i - start));
            } else if (Character.isLetter(c) || c == '_') {
                while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_'
                        || text.charAt(i) == '.' || text.charAt(i) == ':')) {
                    i++;
                }
                tokens.add(new Token(Kind.WORD, text.substring(start, i), start + 1, i - start));
            } else if ((c == '<' || c == '>') && i + 1 < n && (text.charAt(i + 1) == '=' || (c == '<'
                    && text.charAt(i + 1) == '>'))) {
                tokens.add(new Token(Kind.SYMBOL, text.substring(i, i + 2), start + 1, 2));
                i += 2;
            } else if ("=<>(),+-".indexOf(c) >= 0) {
                tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), start + 1, 1));
                i++;
            } else {
                throw ApiException.badParameter("filter.character", start + 1, String.valueOf(c));
            }
        }
        tokens.add(new Token(Kind.END, "", n + 1, 0));
        return tokens;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
