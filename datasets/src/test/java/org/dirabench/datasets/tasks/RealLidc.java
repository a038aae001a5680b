package org.dirabench.datasets.tasks;

import java.io.IOException;
import java.nio.file.Path;
import org.dirabench.datasets.io.dicom.DicomSeriesTest;

/** The real LIDC-IDRI-0001 case, read once per test JVM (its XML and slice headers; about a second). */
final class RealLidc {
    private static LidcIdri.Case lidc;

    private RealLidc() {
    }

    static synchronized LidcIdri.Case get() throws IOException {
        if (lidc == null) {
            Path series = DicomSeriesTest.lidcSeriesFolder();
            lidc = LidcIdri.readCase(series.resolve("069.xml"));
        }
        return lidc;
    }
}
