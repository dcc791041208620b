package io.rally.examples.basics;

import java.util.concurrent.CompletableFuture;

import io.rally.node.api.RallyController;
import io.rally.node.api.RallyException;
import io.rally.node.api.RequestContext;
import io.rally.node.api.Route;

/**
 * Login binds a user id to the connection. A real game checks a token against its account
 * service here; the example trusts the id it is given, which is enough to try the other
 * routes by hand.
 */
@RallyController
public class LoginController {

	/** Binds the user in the request to this connection. */
	public static final int LOGIN = 2;

	/** Unbinds the user; the connection stays open. */
	public static final int LOGOUT = 3;

	/** Answers how many users are online. */
	public static final int ONLINE = 4;

	@Route(LOGIN)
	public CompletableFuture<LoginReply> login(RequestContext context, LoginRequest request) {
		if (request.userId() <= 0) {
			throw new RallyException(400, "userId must be positive");
		}
		return context.bindUser(request.userId()).thenApply((bound) -> {
			if (!bound) {
				throw new RallyException(409, "connection closed before login completed");
			}
			return new LoginReply(request.userId());
		});
	}

	@Route(value = LOGOUT, authorized = true)
	public CompletableFuture<LoginReply> logout(RequestContext context) {
		long userId = context.userId();
		return context.unbindUser().thenApply((ignored) -> new LoginReply(userId));
	}

	@Route(ONLINE)
	public CompletableFuture<OnlineReply> online(RequestContext context) {
		return context.messenger().onlineCount().thenApply(OnlineReply::new);
	}

	/** The login request. */
	public record LoginRequest(long userId, String token) {
	}

	/** The user now bound (or unbound). */
	public record LoginReply(long userId) {
	}

	/** The number of users bound on all gates. */
	public record OnlineReply(long online) {
	}

}
