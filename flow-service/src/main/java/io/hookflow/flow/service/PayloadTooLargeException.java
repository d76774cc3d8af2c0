package io.hookflow.flow.service;

/** A value larger than its limit, sent on its own (answered 413, the message naming the limit). */
public class PayloadTooLargeException extends RuntimeException {

    public PayloadTooLargeException(String message) {
        super(message);
    }
}
