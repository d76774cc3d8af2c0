package io.hookflow.flow;

/** One Kafka header of a kept message: its name and its value as sent (null when the header had none). */
public record MessageHeader(String key, byte[] value) {
}
