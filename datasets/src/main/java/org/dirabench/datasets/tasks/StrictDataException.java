package org.dirabench.datasets.tasks;

import java.io.IOException;

/**
 * A file, row or list entry that would have been left out (counted and logged) is an error because the dataset was
 * opened in strict mode ({@code Options#strict()} of the task readers, {@link LeftOut.Recorder}). The message names
 * the file (and row) and what was left out.
 */
public class StrictDataException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message names the file (and row), the reason and the item */
    public StrictDataException(String message) {
        super(message);
    }
}
