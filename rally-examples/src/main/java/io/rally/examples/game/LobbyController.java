package io.rally.examples.game;

import java.util.concurrent.CompletableFuture;

import io.rally.examples.game.GameProtocol.Announcement;
import io.rally.examples.game.GameProtocol.Balance;
import io.rally.examples.game.GameProtocol.LoggedIn;
import io.rally.examples.game.GameProtocol.Login;
import io.rally.examples.game.GameProtocol.QueueRequest;
import io.rally.examples.game.GameProtocol.Reached;
import io.rally.examples.game.GameProtocol.Text;
import io.rally.node.api.RallyController;
import io.rally.node.api.RallyException;
import io.rally.node.api.RequestContext;
import io.rally.node.api.Route;

/**
 * The lobby: login, matchmaking, the wallet and announcements. Every route is stateless and
 * the controller keeps no state, so any number of lobby nodes serve them alike; matchmaking
 * state lives on the battle node that runs the queue (see {@link BattleNodes}).
 */
@RallyController
@ConditionalOnGameRole(GameRole.LOBBY)
public class LobbyController {

	private final GameTokens tokens;

	private final BattleNodes battleNodes;

	private final WalletClient wallet;

	LobbyController(GameTokens tokens, BattleNodes battleNodes, WalletClient wallet) {
		this.tokens = tokens;
		this.battleNodes = battleNodes;
		this.wallet = wallet;
	}

	/** Binds the token's user to this connection; the gate closes an older connection of the user. */
	@Route(GameProtocol.LOGIN)
	public CompletableFuture<LoggedIn> login(RequestContext context, Login request) {
		long userId;
		try {
			userId = this.tokens.verify(request.token());
		}
		catch (GameTokens.InvalidTokenException ex) {
			throw new RallyException(401, "login refused: " + ex.getMessage());
		}
		return context.bindUser(userId).thenApply((bound) -> {
			if (!bound) {
				throw new RallyException(409, "connection closed before login completed");
			}
			return new LoggedIn(userId);
		});
	}

	@Route(value = GameProtocol.ROOMS, authorized = true)
	public CompletableFuture<Object> rooms(RequestContext context, QueueRequest request) {
		String queue = BattleNodes.queueName(request.queue());
		return this.battleNodes.forward(context, queue, GameProtocol.LIST, new QueueRequest(queue));
	}

	@Route(value = GameProtocol.MATCH, authorized = true)
	public CompletableFuture<Object> match(RequestContext context, QueueRequest request) {
		String queue = BattleNodes.queueName(request.queue());
		return this.battleNodes.forward(context, queue, GameProtocol.SEAT, new QueueRequest(queue));
	}

	@Route(value = GameProtocol.BALANCE, authorized = true)
	public CompletableFuture<Balance> balance(RequestContext context) {
		return this.wallet.balance(context.userId()).handle((balance, failure) -> {
			if (failure != null) {
				throw new RallyException(503, "wallet unavailable", failure);
			}
			return new Balance(this.wallet.currency(), balance);
		});
	}

	@Route(value = GameProtocol.ANNOUNCE, authorized = true)
	public CompletableFuture<Reached> announce(RequestContext context, Text request) {
		if (request.text() == null || request.text().isBlank() || request.text().length() > 200) {
			throw new RallyException(400, "text: 1 to 200 characters expected");
		}
		return context.messenger()
			.broadcast(GameProtocol.ANNOUNCEMENT, new Announcement(context.userId(), request.text()))
			.thenApply(Reached::new);
	}

}
