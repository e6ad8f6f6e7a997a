package org.communitygis.io;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.Optional;
import org.communitygis.core.CgisException;

/**
 * Character encodings of Shapefile attribute tables and CSV files, as Chinese GIS data comes with them:
 * names from {@code .cpg} files and {@code --encoding}, dBASE language driver ids, and the UTF-8 versus
 * GB18030 guess for files that declare nothing.
 */
public final class TextEncodings {
    /** GB18030, a superset of GBK and GB 2312 that decodes every byte sequence they produce. */
    public static final Charset GB18030 = Charset.forName("GB18030");
    /** GBK (Windows code page 936), the ANSI code page of Chinese Windows. */
    public static final Charset GBK = Charset.forName("GBK");

    private TextEncodings() {
    }

    /**
     * Parses an encoding name as users and {@code .cpg} files write it: {@code UTF-8}, {@code UTF8},
     * {@code GBK}, {@code CP936}, {@code 936}, {@code ANSI 936}, {@code GB2312}, {@code GB18030},
     * {@code 1252}, {@code 88591} and any charset name Java supports. GB2312 is read as GBK, its superset.
     *
     * @return the charset, or empty when the name is unknown
     */
    public static Optional<Charset> forName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String key = name.trim().toUpperCase(Locale.ROOT).replace(" ", "");
        if (key.startsWith("ANSI")) {
            key = key.substring(4);
        }
        if (key.startsWith("CP") && key.length() > 2 && Character.isDigit(key.charAt(2))) {
            key = key.substring(2);
        }
        switch (key) {
            case "UTF8":
            case "UTF-8":
            case "65001":
                return Optional.of(StandardCharsets.UTF_8);
            case "936":
            case "GBK":
            case "GB2312":
            case "EUC-CN":
                return Optional.of(GBK);
            case "54936":
            case "GB18030":
                return Optional.of(GB18030);
            case "950":
                return Optional.of(Charset.forName("Big5"));
            case "88591":
            case "8859-1":
            case "ISO88591":
                return Optional.of(StandardCharsets.ISO_8859_1);
            default:
                break;
        }
        if (key.matches("125\\d")) {
            return Optional.of(Charset.forName("windows-" + key));
        }
        try {
            return Optional.of(Charset.forName(name.trim()));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return Optional.empty();
        }
    }

    /**
     * Parses the {@code --encoding} option.
     *
     * @throws CgisException naming the value and examples of valid ones
     */
    public static Charset option(String name) {
        return forName(name).orElseThrow(() -> new CgisException(IoMessages.BUNDLE, "encoding.unknown", name));
    }

    /**
     * Returns the encoding of a dBASE language driver id (header byte 29), or empty for 0x00 (not set),
     * 0x57 (the writer's ANSI code page, unknown to the reader) and ids not listed here.
     */
    public static Optional<Charset> forLanguageDriver(int ldid) {
        switch (ldid) {
            case 0x01:
                return Optional.of(Charset.forName("IBM437"));
            case 0x02:
                return Optional.of(Charset.forName("IBM850"));
            case 0x03:
                return Optional.of(Charset.forName("windows-1252"));
            case 0x4D:
            case 0x7A:
                return Optional.of(GBK);
            case 0x4E:
            case 0x79:
                return Optional.of(Charset.forName("x-windows-949"));
            case 0x4F:
            case 0x78:
                return Optional.of(Charset.forName("Big5"));
            case 0x13:
            case 0x7B:
                return Optional.of(Charset.forName("windows-31j"));
            case 0xC8:
                return Optional.of(Charset.forName("windows-1250"));
            case 0xC9:
                return Optional.of(Charset.forName("windows-1251"));
            case 0xCA:
                return Optional.of(Charset.forName("windows-1254"));
            case 0xCB:
                return Optional.of(Charset.forName("windows-1253"));
            default:
                return Optional.empty();
        }
    }

    /** Returns the language driver id that declares {@code charset} (0x4D for GBK, 0x00 for others). */
    public static int languageDriver(Charset charset) {
        return charset.equals(GBK) || charset.equals(GB18030) ? 0x4D : 0x00;
    }

    /** Returns whether {@code bytes} decode as UTF-8 without a malformed or unmappable sequence. */
    public static boolean isStrictUtf8(byte[] bytes, int offset, int length) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, offset, length));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Returns UTF-8 when {@code bytes} are strict UTF-8 (ASCII included), else GB18030. */
    public static Charset guess(byte[] bytes, int offset, int length) {
        return isStrictUtf8(bytes, offset, length) ? StandardCharsets.UTF_8 : GB18030;
    }
}
