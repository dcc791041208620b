package io.rally.examples.basics;

import java.util.concurrent.CompletableFuture;

import io.rally.node.api.RallyController;
import io.rally.node.api.RequestContext;
import io.rally.node.api.Route;

/**
 * Server-wide announcements and private messages: a broadcast to every online user, and a
 * push to one user wherever that user is connected.
 */
@RallyController
public class AnnouncementController {

	/** Announces something to every online user. */
	public static final int ANNOUNCE = 20;

	/** The push every online user receives for an announcement. */
	public static final int ANNOUNCEMENT = 21;

	/** Sends a private message to one user. */
	public static final int WHISPER = 30;

	/** The push the addressee receives. */
	public static final int WHISPERED = 31;

	@Route(value = ANNOUNCE, authorized = true)
	public CompletableFuture<Delivered> announce(RequestContext context, Text request) {
		return context.messenger()
			.broadcast(ANNOUNCEMENT, new Message(context.userId(), request.text()))
			.thenApply(Delivered::new);
	}

	@Route(value = WHISPER, authorized = true)
	public CompletableFuture<Delivered> whisper(RequestContext context, Whisper request) {
		return context.messenger()
			.push(request.to(), WHISPERED, new Message(context.userId(), request.text()))
			.thenApply((delivered) -> new Delivered(delivered ? 1 : 0));
	}

	/** Some text. */
	public record Text(String text) {
	}

	/** A private message for {@code to}. */
	public record Whisper(long to, String text) {
	}

	/** What the receivers get. */
	public record Message(long from, String text) {
	}

	/** How many users the message reached. */
	public record Delivered(int users) {
	}

}
