package io.hookflow.ingress;

import java.util.List;

/** What a webhook's body becomes in the event: its JSON {@code body} and the files it carried. */
public record WebhookContent(WebhookBody body, List<WebhookAttachment> attachments) {

    /** A body without files. */
    public static WebhookContent of(WebhookBody body) {
        return new WebhookContent(body, List.of());
    }
}
