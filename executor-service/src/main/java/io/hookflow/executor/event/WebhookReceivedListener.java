package io.hookflow.executor.event;

import io.hookflow.executor.service.ExecutionService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Kafka in: runs each {@code webhook.received} event on the {@code executor-workers} pool, several at a
 * time ({@code ordered = false}). The message is acknowledged only when this method returns, that is after
 * the final {@code execution.recorded} record (and any dead letter) was acknowledged by the broker; the
 * throttled commit strategy then commits an offset only once every record before it is done. An exception
 * (Kafka refusing the record) nacks the message and stops the channel, so the event is redelivered after a
 * restart rather than lost.
 */
@ApplicationScoped
public class WebhookReceivedListener {

    private final ExecutionService executions;

    WebhookReceivedListener(ExecutionService executions) {
        this.executions = executions;
    }

    @Incoming("webhook-received")
    @Blocking(value = "executor-workers", ordered = false)
    public void onWebhookReceived(ConsumerRecord<String, byte[]> record) {
        executions.execute(record.key(), record.value(), record.headers());
    }
}
