package io.rally.examples.game;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.rally.examples.game.GameProtocol.Announcement;
import io.rally.examples.game.GameProtocol.ChatMessage;
import io.rally.examples.game.GameProtocol.JoinRequest;
import io.rally.examples.game.GameProtocol.Move;
import io.rally.examples.game.GameProtocol.QueueRequest;
import io.rally.examples.game.GameProtocol.Reached;
import io.rally.examples.game.GameProtocol.RoomList;
import io.rally.examples.game.GameProtocol.RoomView;
import io.rally.examples.game.GameProtocol.RoundOver;
import io.rally.examples.game.GameProtocol.Seat;
import io.rally.examples.game.GameProtocol.Text;
import io.rally.node.api.Messenger;
import io.rally.node.api.NodeControl;
import io.rally.node.api.NodeTarget;
import io.rally.node.api.RallyController;
import io.rally.node.api.RallyException;
import io.rally.node.api.RequestContext;
import io.rally.node.api.Route;
import io.rally.node.api.SessionInfo;
import io.rally.node.api.SessionListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Rooms and rounds, in the memory of the battle node that hosts each room. Joining binds the
 * player to this node, so the gate sends the player's stateful routes (move, chat, leave,
 * resume) here, also from another gate after a reconnect; it subscribes the player's
 * connection to the room's channel, on which moves and chat are published. The winner is paid
 * through the wallet mesh service, and the room hears of it by multicast, everyone else by
 * broadcast.
 */
@RallyController
@ConditionalOnGameRole(GameRole.BATTLE)
public class BattleController implements SessionListener {

	private static final Log logger = LogFactory.getLog(BattleController.class);

	private final Rooms rooms;

	private final WalletClient wallet;

	private final Messenger messenger;

	private final String nodeId;

	private final long reward;

	private final AtomicLong forwardedJoins = new AtomicLong();

	BattleController(Rooms rooms, WalletClient wallet, Messenger messenger, NodeControl node,
			GameProperties properties) {
		this.rooms = rooms;
		this.wallet = wallet;
		this.messenger = messenger;
		this.nodeId = node.nodeId();
		this.reward = properties.getReward();
	}

	/** Internal, from the lobby: a seat in this node's rooms of the queue. */
	@Route(value = GameProtocol.SEAT, internal = true)
	public Seat seat(RequestContext context, QueueRequest request) {
		return this.rooms.seat(BattleNodes.queueName(request.queue()), requireUser(context));
	}

	/** Internal, from the lobby: this node's open rooms of the queue. */
	@Route(value = GameProtocol.LIST, internal = true)
	public RoomList list(QueueRequest request) {
		String queue = BattleNodes.queueName(request.queue());
		return new RoomList(queue, this.rooms.open(queue));
	}

	/**
	 * Stateless, so any battle node may receive it: a node that does not host the room hands
	 * the request to the one that does, which then answers the client.
	 */
	@Route(value = GameProtocol.JOIN, authorized = true)
	public CompletableFuture<RoomView> join(RequestContext context, JoinRequest request) {
		String host = Rooms.hostOf(request.roomId());
		if (host == null) {
			throw new RallyException(400, "roomId: '" + request.roomId() + "' (expected: <node>/<number>)");
		}
		if (!host.equals(this.nodeId)) {
			this.forwardedJoins.incrementAndGet();
			return this.messenger.forward(NodeTarget.instance(host), context, GameProtocol.JOIN, request)
				.handle((done, failure) -> {
					if (failure != null) {
						throw new RallyException(404, "room " + request.roomId() + " is gone with its node", failure);
					}
					return null;
				});
		}
		Room room = this.rooms.find(request.roomId());
		if (room == null) {
			throw new RallyException(404, "no room " + request.roomId());
		}
		long player = context.userId();
		RoomView view = guarded(() -> this.rooms.join(room, player, connection(context)));
		return context.bindNode()
			.thenCompose((bound) -> this.messenger.subscribe(room.channel(), player))
			.thenCompose((subscribed) -> this.messenger.publish(room.channel(), GameProtocol.PLAYER_JOINED, view))
			.thenApply((reached) -> view);
	}

	@Route(value = GameProtocol.MOVE, stateful = true)
	public RoomView move(RequestContext context, Move request) {
		Room room = roomOf(context);
		RoomView view = guarded(() -> room.move(context.userId(), request.amount()));
		this.messenger.publish(room.channel(), GameProtocol.MOVED, view);
		if (view.winner() != 0) {
			// only the move that ended the round gets here: later ones fail in the rules
			endRound(room, view.winner());
		}
		return view;
	}

	@Route(value = GameProtocol.CHAT, stateful = true)
	public CompletableFuture<Reached> chat(RequestContext context, Text request) {
		Room room = roomOf(context);
		if (request.text() == null || request.text().isBlank() || request.text().length() > 200) {
			throw new RallyException(400, "text: 1 to 200 characters expected");
		}
		return this.messenger
			.publish(room.channel(), GameProtocol.CHAT_MESSAGE,
					new ChatMessage(room.id(), context.userId(), request.text()))
			.thenApply(Reached::new);
	}

	@Route(value = GameProtocol.LEAVE, stateful = true)
	public CompletableFuture<RoomView> leave(RequestContext context) {
		Room room = roomOf(context);
		long player = context.userId();
		RoomView view = guarded(() -> room.leave(player));
		this.rooms.left(player, room);
		return this.messenger.unsubscribe(room.channel(), player)
			.thenCompose((unsubscribed) -> context.unbindNode())
			.thenApply((unbound) -> view);
	}

	/** After a reconnect: the player's room as it is now, with the new connection in its channel. */
	@Route(value = GameProtocol.RESUME, stateful = true)
	public CompletableFuture<RoomView> resume(RequestContext context) {
		Room room = roomOf(context);
		long player = context.userId();
		RoomView view = guarded(() -> room.resume(player, connection(context)));
		return this.messenger.subscribe(room.channel(), player).thenApply((subscribed) -> view);
	}

	/**
	 * A player whose round is on keeps the seat, to resume it from a new connection. One whose
	 * round is over leaves. A disconnect of a connection the player has already replaced (the
	 * event may come after the new connection's first messages) changes nothing.
	 */
	@Override
	public void onDisconnect(SessionInfo session) {
		Room room = (session.userId() != 0) ? this.rooms.of(session.userId()) : null;
		if (room == null || room.state() != Room.State.OVER
				|| !room.playsFrom(session.userId(), session.gateId() + "/" + session.connectionId())) {
			return;
		}
		room.leave(session.userId());
		this.rooms.left(session.userId(), room);
		this.messenger.unbindNode(session.userId());
	}

	/** How many joins this node handed to the node that hosts the room. */
	public long forwardedJoins() {
		return this.forwardedJoins.get();
	}

	private void endRound(Room room, long winner) {
		// the key makes the payment happen once, however often it is tried
		String key = "round:" + room.id() + ":" + winner;
		this.wallet.credit(winner, this.reward, key, 3, Duration.ofMillis(200))
			.handle((balance, failure) -> {
				if (failure != null) {
					// a real game keeps the payment in an outbox and tries again later, with the same key
					logger.warn("Reward of room " + room.id() + " to user " + winner + " not paid: " + failure);
					return new RoundOver(room.id(), winner, 0, -1);
				}
				return new RoundOver(room.id(), winner, this.reward, balance);
			})
			.thenCompose((over) -> this.messenger.multicast(room.players(), GameProtocol.ROUND_OVER, over))
			.thenCompose((reached) -> this.messenger.broadcast(GameProtocol.ANNOUNCEMENT,
					new Announcement(0, "Player " + winner + " won in room " + room.id())))
			.whenComplete((reached, failure) -> {
				if (failure != null) {
					logger.warn("End of round in room " + room.id() + " not announced: " + failure);
				}
			});
	}

	private Room roomOf(RequestContext context) {
		Room room = this.rooms.of(context.userId());
		if (room == null) {
			throw new RallyException(404, "not in a room");
		}
		return room;
	}

	private static long requireUser(RequestContext context) {
		if (context.userId() == 0) {
			throw new RallyException(401, "log in first");
		}
		return context.userId();
	}

	private static String connection(RequestContext context) {
		return context.gateId() + "/" + context.connectionId();
	}

	/** Runs a rule of the room, turning a broken rule into the error the client sees. */
	private static <T> T guarded(Supplier<T> rule) {
		try {
			return rule.get();
		}
		catch (IllegalStateException ex) {
			throw new RallyException(409, ex.getMessage());
		}
		catch (IllegalArgumentException ex) {
			throw new RallyException(400, ex.getMessage());
		}
	}

}
