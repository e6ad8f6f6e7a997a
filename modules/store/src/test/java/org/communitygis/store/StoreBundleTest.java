package org.communitygis.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.communitygis.core.CgisException;
import org.communitygis.core.i18n.UserLocale;
import org.communitygis.core.testing.BundleAssert;
import org.junit.jupiter.api.Test;

class StoreBundleTest {

    @Test
    void bundleComplete() {
        BundleAssert.assertComplete(StoreMessages.BUNDLE);
    }

    @Test
    void messageInBothLanguages() {
        CgisException error = new CgisException(StoreMessages.BUNDLE, "store.projectNotFound", "p.gpkg");
        assertThat(error.getMessage()).isEqualTo("Project p.gpkg not found. Run import first.");
        assertThat(StoreMessages.BUNDLE.format(UserLocale.CHINESE, "store.projectNotFound", "p.gpkg"))
                .isEqualTo("找不到项目 p.gpkg。请先运行 import。");
    }
}
