package io.hookflow.ingress;

/**
 * A file a webhook carried (a PDF, an image, a CSV, a multipart file field): the event lists it under
 * {@code attachments} with its bytes in base64, and leaves it out of {@code body}.
 *
 * @param name        the file name the sender gave (Content-Disposition), else {@code attachment} plus an extension
 *                    from the content type
 * @param contentType the file's media type as sent, {@code application/octet-stream} when none was given
 * @param bytes       holds the file's {@code length} bytes from {@code offset} (a slice of the request body, not a copy)
 */
public record WebhookAttachment(String name, String contentType, byte[] bytes, int offset, int length) {

    /** The file's size in bytes. */
    public int size() {
        return length;
    }
}
