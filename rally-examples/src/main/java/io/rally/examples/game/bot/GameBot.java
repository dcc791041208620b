package io.rally.examples.game.bot;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import io.rally.client.CloseEvent;
import io.rally.client.RallyClient;
import io.rally.examples.game.GameProtocol;
import io.rally.examples.game.GameProtocol.Announcement;
import io.rally.examples.game.GameProtocol.Balance;
import io.rally.examples.game.GameProtocol.ChatMessage;
import io.rally.examples.game.GameProtocol.JoinRequest;
import io.rally.examples.game.GameProtocol.LoggedIn;
import io.rally.examples.game.GameProtocol.Login;
import io.rally.examples.game.GameProtocol.Move;
import io.rally.examples.game.GameProtocol.QueueRequest;
import io.rally.examples.game.GameProtocol.Reached;
import io.rally.examples.game.GameProtocol.RoomList;
import io.rally.examples.game.GameProtocol.RoomView;
import io.rally.examples.game.GameProtocol.RoundOver;
import io.rally.examples.game.GameProtocol.Seat;
import io.rally.examples.game.GameProtocol.Text;
import io.rally.protocol.Packet;
import tools.jackson.databind.json.JsonMapper;

/**
 * A scripted player on one connection, using nothing but the client SDK and the game's
 * {@link GameProtocol}: what a real client does, and an end-to-end test of a server. The
 * request methods block the calling thread until the answer (and throw the SDK's exceptions,
 * e.g. {@link io.rally.client.RallyErrorException} for an error packet); pushes are collected
 * as they come. Once {@link #play()} is called the bot makes its moves by itself, from the
 * pushes: it adds 1 unless it can reach the target.
 */
public final class GameBot implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final RallyClient client;

	private final Duration timeout;

	private volatile long userId;

	private RoomView view;

	private volatile boolean playing;

	/** The number of moves of the view this bot last moved on, so that each turn is played once. */
	private final AtomicInteger movedAt = new AtomicInteger(-1);

	private final CompletableFuture<RoundOver> roundOver = new CompletableFuture<>();

	private final CompletableFuture<CloseEvent> closed = new CompletableFuture<>();

	private final BlockingQueue<ChatMessage> chat = new LinkedBlockingQueue<>();

	private final BlockingQueue<Announcement> announcements = new LinkedBlockingQueue<>();

	private GameBot(RallyClient client, Duration timeout) {
		this.client = client;
		this.timeout = timeout;
		client.onPush(GameProtocol.PLAYER_JOINED, (packet) -> seen(read(packet, RoomView.class)));
		client.onPush(GameProtocol.MOVED, (packet) -> seen(read(packet, RoomView.class)));
		client.onPush(GameProtocol.ROUND_OVER, (packet) -> this.roundOver.complete(read(packet, RoundOver.class)));
		client.onPush(GameProtocol.CHAT_MESSAGE, (packet) -> this.chat.add(read(packet, ChatMessage.class)));
		client.onPush(GameProtocol.ANNOUNCEMENT, (packet) -> this.announcements.add(read(packet, Announcement.class)));
		client.onClose(this.closed::complete);
	}

	/** A bot connected to the gate at {@code host:port} over TCP, with error packets on. */
	public static GameBot connect(String host, int port, Duration timeout) {
		RallyClient client = RallyClient.builder()
			.host(host)
			.port(port)
			.requestTimeout(timeout)
			.errorPackets(true)
			.build();
		GameBot bot = new GameBot(client, timeout);
		client.connect().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
		return bot;
	}

	/** Logs in with a token from the account service; returns the user id. */
	public long login(String token) {
		this.userId = call(GameProtocol.LOGIN, new Login(token), LoggedIn.class).userId();
		return this.userId;
	}

	public long balance() {
		return call(GameProtocol.BALANCE, null, Balance.class).balance();
	}

	public RoomList rooms(String queue) {
		return call(GameProtocol.ROOMS, new QueueRequest(queue), RoomList.class);
	}

	public Seat match(String queue) {
		return call(GameProtocol.MATCH, new QueueRequest(queue), Seat.class);
	}

	public RoomView join(String roomId) {
		return seen(call(GameProtocol.JOIN, new JoinRequest(roomId), RoomView.class));
	}

	public RoomView resume() {
		return seen(call(GameProtocol.RESUME, null, RoomView.class));
	}

	public RoomView leave() {
		return call(GameProtocol.LEAVE, null, RoomView.class);
	}

	/** One move, made now, whatever {@link #play()} would do. */
	public RoomView move(int amount) {
		return seen(call(GameProtocol.MOVE, new Move(amount), RoomView.class));
	}

	/** Says something to the room; returns how many connections heard it. */
	public int chat(String text) {
		return call(GameProtocol.CHAT, new Text(text), Reached.class).connections();
	}

	public int announce(String text) {
		return call(GameProtocol.ANNOUNCE, new Text(text), Reached.class).connections();
	}

	/**
	 * Plays the round from now on, moving whenever a view of the room says it is this bot's
	 * turn. The future completes with the round-over push, or fails if a move is refused.
	 */
	public CompletableFuture<RoundOver> play() {
		this.playing = true;
		RoomView current;
		synchronized (this) {
			current = this.view;
		}
		if (current != null) {
			considerMove(current);
		}
		return this.roundOver;
	}

	/** Waits for the round-over push. */
	public RoundOver awaitRoundOver() {
		return this.roundOver.orTimeout(this.timeout.toMillis(), TimeUnit.MILLISECONDS).join();
	}

	/** Waits for a chat message that {@code matches}, skipping others. */
	public ChatMessage awaitChat(Predicate<ChatMessage> matches) {
		return awaitIn(this.chat, matches, "chat message");
	}

	/** Waits for an announcement that {@code matches}, skipping others. */
	public Announcement awaitAnnouncement(Predicate<Announcement> matches) {
		return awaitIn(this.announcements, matches, "announcement");
	}

	/** Waits until the connection closes, and says why. */
	public CloseEvent awaitClosed() {
		return this.closed.orTimeout(this.timeout.toMillis(), TimeUnit.MILLISECONDS).join();
	}

	public long userId() {
		return this.userId;
	}

	/** The newest view of the room this bot has seen, or {@code null}. */
	public synchronized RoomView view() {
		return this.view;
	}

	public boolean isConnected() {
		return this.client.isConnected();
	}

	@Override
	public void close() {
		this.client.close();
	}

	/** The move the bot makes: 1, unless it can reach the target. */
	static int chooseMove(RoomView view) {
		int left = view.target() - view.total();
		return (left <= 3) ? left : 1;
	}

	/** Keeps the newest view (pushes may overtake replies) and moves if it is this bot's turn. */
	private RoomView seen(RoomView seen) {
		synchronized (this) {
			if (this.view == null || !this.view.roomId().equals(seen.roomId()) || seen.moves() >= this.view.moves()) {
				this.view = seen;
			}
		}
		if (this.playing) {
			considerMove(seen);
		}
		return seen;
	}

	private void considerMove(RoomView seen) {
		int before = this.movedAt.get();
		if (!"PLAYING".equals(seen.state()) || seen.turn() != this.userId || seen.moves() <= before
				|| !this.movedAt.compareAndSet(before, seen.moves())) {
			return;
		}
		// on the I/O thread of a push: send and return, the reply comes back as another view
		send(GameProtocol.MOVE, new Move(chooseMove(seen))).whenComplete((packet, failure) -> {
			if (failure != null) {
				this.roundOver.completeExceptionally(failure);
			}
			else {
				seen(read(packet, RoomView.class));
			}
		});
	}

	private <T> T call(int route, Object request, Class<T> type) {
		try {
			return read(send(route, request).orTimeout(this.timeout.toMillis(), TimeUnit.MILLISECONDS).join(), type);
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

	private CompletableFuture<Packet> send(int route, Object request) {
		return this.client.request(route, JSON.writeValueAsBytes((request != null) ? request : Map.of()));
	}

	private static <T> T read(Packet packet, Class<T> type) {
		return JSON.readValue(packet.payload(), type);
	}

	private <T> T awaitIn(BlockingQueue<T> queue, Predicate<T> matches, String what) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		try {
			while (true) {
				T next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				if (next == null) {
					throw new IllegalStateException("no matching " + what + " within " + this.timeout);
				}
				if (matches.test(next)) {
					return next;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted waiting for a " + what, ex);
		}
	}

	/** What {@link #playRound} saw: the room and its round-over push. */
	public record RoundResult(String roomId, RoundOver over, List<Long> players) {
	}

	/**
	 * Two logged-in bots play a full round in a fresh room of {@code queue}: matchmaking,
	 * joining, a chat, the moves. Checks what a player must see and throws
	 * {@link IllegalStateException} otherwise: one room for both, the chat heard by the other,
	 * the round-over push on both, and the winner's balance up by exactly the reward.
	 */
	public static RoundResult playRound(GameBot first, GameBot second, String queue) {
		long firstBefore = first.balance();
		long secondBefore = second.balance();
		Seat firstSeat = first.match(queue);
		Seat secondSeat = second.match(queue);
		check(firstSeat.roomId().equals(secondSeat.roomId()), "matched into different rooms: " + firstSeat + ", "
				+ secondSeat);
		first.join(firstSeat.roomId());
		RoomView started = second.join(secondSeat.roomId());
		check("PLAYING".equals(started.state()), "the round did not start when the room filled: " + started);

		first.chat("good luck");
		second.awaitChat((message) -> message.from() == first.userId() && message.text().equals("good luck"));

		CompletableFuture<RoundOver> firstOver = first.play();
		CompletableFuture<RoundOver> secondOver = second.play();
		RoundOver over = first.awaitRoundOver();
		check(over.equals(second.awaitRoundOver()), "the players saw different ends: " + firstOver.join() + ", "
				+ secondOver.join());
		check(over.roomId().equals(firstSeat.roomId()) && over.reward() > 0, "no reward in " + over);
		GameBot winner = (over.winner() == first.userId()) ? first : second;
		GameBot loser = (winner == first) ? second : first;
		check(over.winner() == winner.userId(), "the winner " + over.winner() + " is no player of the round");
		long winnerBefore = (winner == first) ? firstBefore : secondBefore;
		long loserBefore = (loser == first) ? firstBefore : secondBefore;
		check(winner.balance() == winnerBefore + over.reward() && over.balance() == winnerBefore + over.reward(),
				"winner's balance is not " + winnerBefore + " + " + over.reward());
		check(loser.balance() == loserBefore, "the loser's balance changed");
		return new RoundResult(over.roomId(), over, started.players());
	}

	private static void check(boolean condition, String failure) {
		if (!condition) {
			throw new IllegalStateException(failure);
		}
	}

}
