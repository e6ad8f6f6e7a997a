package org.communitygis.io;

import java.nio.charset.Charset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes DXF text: the {@code \U+XXXX} and {@code \M+nXXXX} escapes of names and strings, the
 * {@code %%} control codes of TEXT, and the formatting codes of MTEXT.
 */
final class DxfText {
    private static final Pattern UNICODE = Pattern.compile("\\\\U\\+([0-9A-Fa-f]{4})");
    /** {@code \M+nXXXX}: a double-byte character XXXX of code page n (1 Shift-JIS, 2 Big5, 3 KS C 5601, 4 Johab, 5 GBK). */
    private static final Pattern MULTIBYTE = Pattern.compile("\\\\M\\+([1-5])([0-9A-Fa-f]{4})");
    private static final String[] MULTIBYTE_CHARSETS = {null, "Shift_JIS", "Big5", "x-windows-949", "x-Johab", "GBK"};
    private static final Pattern PERCENT_NUMBER = Pattern.compile("%%(\\d{3})");

    private DxfText() {
    }

    /** Replaces {@code \U+XXXX} and {@code \M+nXXXX} escapes; used for layer, block and attribute names and all text. */
    static String unescape(String text) {
        if (text.indexOf('\\') < 0) {
            return text;
        }
        Matcher unicode = UNICODE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (unicode.find()) {
            unicode.appendReplacement(out, Matcher.quoteReplacement(
                    String.valueOf((char) Integer.parseInt(unicode.group(1), 16))));
        }
        unicode.appendTail(out);
        Matcher multibyte = MULTIBYTE.matcher(out.toString());
        StringBuilder decoded = new StringBuilder();
        while (multibyte.find()) {
            int page = Integer.parseInt(multibyte.group(1));
            int value = Integer.parseInt(multibyte.group(2), 16);
            String replacement;
            try {
                byte[] bytes = {(byte) (value >> 8), (byte) value};
                replacement = new String(bytes, Charset.forName(MULTIBYTE_CHARSETS[page]));
            } catch (IllegalArgumentException e) {
                replacement = multibyte.group();
            }
            multibyte.appendReplacement(decoded, Matcher.quoteReplacement(replacement));
        }
        multibyte.appendTail(decoded);
        return decoded.toString();
    }

    /**
     * Decodes a TEXT or ATTRIB string: escapes, then {@code %%c} → ⌀, {@code %%d} → °, {@code %%p} → ±,
     * {@code %%nnn} → the character with that code, {@code %%%} → %, and the underline and overline
     * toggles {@code %%u}, {@code %%o} removed.
     */
    static String decodeText(String text) {
        String result = unescape(text);
        if (result.indexOf("%%") < 0) {
            return result.trim();
        }
        result = result.replace("%%%", "\u0000").replaceAll("(?i)%%c", "\u2300").replaceAll("(?i)%%d", "\u00B0")
                .replaceAll("(?i)%%p", "\u00B1").replaceAll("(?i)%%[uo]", "");
        Matcher number = PERCENT_NUMBER.matcher(result);
        StringBuilder out = new StringBuilder();
        while (number.find()) {
            number.appendReplacement(out, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(number.group(1)))));
        }
        number.appendTail(out);
        return out.toString().replace('\u0000', '%').trim();
    }

    /**
     * Returns the plain text of an MTEXT string: paragraph breaks {@code \P} become line feeds, stacked
     * fractions {@code \Sa^b;} become {@code a/b}, {@code \~} a space, {@code \\ \{ \}} the literal
     * character; font, height, width, colour, tracking, oblique and alignment codes ({@code \f…; \H…; \C…;}
     * and the like), the toggles {@code \L \l \O \o \K \k} and grouping braces are removed.
     */
    static String stripMtext(String text) {
        String input = unescape(text);
        StringBuilder out = new StringBuilder(input.length());
        int i = 0;
        while (i < input.length()) {
            char c = input.charAt(i);
            if (c == '{' || c == '}') {
                i++;
                continue;
            }
            if (c != '\\' || i + 1 >= input.length()) {
                out.append(c);
                i++;
                continue;
            }
            char code = input.charAt(i + 1);
            switch (code) {
                case 'P':
                    out.append('\n');
                    i += 2;
                    break;
                case '~':
                    out.append(' ');
                    i += 2;
                    break;
                case '\\':
                case '{':
                case '}':
                    out.append(code);
                    i += 2;
                    break;
                case 'L': case 'l': case 'O': case 'o': case 'K': case 'k': case 'N':
                    i += 2;
                    break;
                case 'S': {
                    int end = input.indexOf(';', i + 2);
                    String stacked = end < 0 ? input.substring(i + 2) : input.substring(i + 2, end);
                    out.append(stacked.replaceAll("[\\^#]", "/").replace(" ", ""));
                    i = end < 0 ? input.length() : end + 1;
                    break;
                }
                case 'A': case 'C': case 'c': case 'F': case 'f': case 'H': case 'h': case 'Q': case 'q':
                case 'T': case 't': case 'W': case 'w': case 'p': {
                    int end = input.indexOf(';', i + 2);
                    i = end < 0 ? input.length() : end + 1;
                    break;
                }
                default:
                    out.append(code);
                    i += 2;
                    break;
            }
        }
        return decodeText(out.toString());
    }
}
