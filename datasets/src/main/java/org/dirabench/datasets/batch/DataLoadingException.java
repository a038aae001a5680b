package org.dirabench.datasets.batch;

/**
 * A batch could not be prepared. Thrown on the consumer's thread; the message names the image file and where it sat
 * (epoch, batch, position), the cause is the worker's exception.
 */
public class DataLoadingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the file
     * @param cause the underlying exception
     */
    public DataLoadingException(String message, Throwable cause) {
        super(message, cause);
    }
}
