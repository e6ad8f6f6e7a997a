package org.communitygis.core.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.communitygis.core.CgisException;
import org.communitygis.core.CoreMessages;
import org.communitygis.core.testing.BundleAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CoreBundleTest {
    private final Locale saved = UserLocale.get();

    @AfterEach
    void restore() {
        UserLocale.set(saved);
    }

    @Test
    void bundleComplete() {
        BundleAssert.assertComplete(CoreMessages.BUNDLE);
    }

    @Test
    void exceptionLocalizedAndEnglish() {
        CgisException error = new CgisException(CoreMessages.BUNDLE, "store.layerNotFound", "pipes", "roads");
        UserLocale.set(UserLocale.CHINESE);
        assertThat(error.getLocalizedMessage()).contains("项目中没有图层").contains("pipes");
        assertThat(error.getMessage()).startsWith("The project has no layer \"pipes\"");
        UserLocale.set(UserLocale.ENGLISH);
        assertThat(error.getLocalizedMessage()).isEqualTo(error.getMessage());
    }

    @Test
    void langOptionParses() {
        assertThat(UserLocale.parse("zh")).isEqualTo(UserLocale.CHINESE);
        assertThat(UserLocale.parse("en_US")).isEqualTo(UserLocale.ENGLISH);
        assertThat(UserLocale.normalize(Locale.GERMAN)).isEqualTo(UserLocale.CHINESE);
    }
}
