package io.rally.integration.node;

import java.util.concurrent.CompletableFuture;

import io.rally.node.api.RallyController;
import io.rally.node.api.RequestContext;
import io.rally.node.api.Route;

/**
 * Channels through the node's messenger: subscribe the calling user, publish to everyone
 * subscribed on any gate.
 */
@RallyController
public class ChannelController {

	/** Subscribes the calling user to a channel. */
	public static final int SUBSCRIBE = 50;

	/** Publishes some text to a channel. */
	public static final int PUBLISH = 51;

	/** The push subscribers receive. */
	public static final int PUBLISHED = 52;

	@Route(value = SUBSCRIBE, authorized = true)
	public CompletableFuture<Result> subscribe(RequestContext context, ChannelText request) {
		return context.messenger()
			.subscribe(request.channel(), context.userId())
			.thenApply((subscribed) -> new Result(subscribed ? 1 : 0));
	}

	@Route(value = PUBLISH, authorized = true)
	public CompletableFuture<Result> publish(RequestContext context, ChannelText request) {
		return context.messenger()
			.publish(request.channel(), PUBLISHED, new Published(request.channel(), context.userId(), request.text()))
			.thenApply(Result::new);
	}

	/** A channel and, to publish, some text. */
	public record ChannelText(String channel, String text) {
	}

	/** What subscribers receive. */
	public record Published(String channel, long from, String text) {
	}

	/** How many connections were subscribed or reached. */
	public record Result(int connections) {
	}

}
