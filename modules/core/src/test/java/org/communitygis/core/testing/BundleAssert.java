package org.communitygis.core.testing;

import java.text.MessageFormat;
import java.util.Set;
import java.util.TreeSet;
import org.communitygis.core.i18n.MessageBundle;
import org.communitygis.core.i18n.UserLocale;

/** Checks that a message bundle has the same keys and placeholders in Chinese and English. */
public final class BundleAssert {
    private BundleAssert() {
    }

    /**
     * Fails with a list of differences when a key exists in one language only, or when the two patterns
     * of a key take a different number of arguments.
     */
    public static void assertComplete(MessageBundle bundle) {
        var chinese = bundle.resourceBundle(UserLocale.CHINESE);
        var english = bundle.resourceBundle(UserLocale.ENGLISH);
        Set<String> zhKeys = new TreeSet<>(chinese.keySet());
        Set<String> enKeys = new TreeSet<>(english.keySet());
        StringBuilder problems = new StringBuilder();
        for (String key : zhKeys) {
            if (!enKeys.contains(key)) {
                problems.append("\n  missing in en: ").append(key);
            }
        }
        for (String key : enKeys) {
            if (!zhKeys.contains(key)) {
                problems.append("\n  missing in zh_CN: ").append(key);
            } else {
                int zhArgs = new MessageFormat(chinese.getString(key)).getFormatsByArgumentIndex().length;
                int enArgs = new MessageFormat(english.getString(key)).getFormatsByArgumentIndex().length;
                if (zhArgs != enArgs) {
                    problems.append("\n  argument count differs for ").append(key).append(": zh_CN ")
                            .append(zhArgs).append(", en ").append(enArgs);
                }
            }
        }
        if (problems.length() > 0) {
            throw new AssertionError("Bundle " + bundle.baseName() + " is incomplete:" + problems);
        }
    }
}
