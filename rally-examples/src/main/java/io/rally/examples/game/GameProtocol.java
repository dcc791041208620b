package io.rally.examples.game;

import java.util.List;

/**
 * What the game's clients and servers agree on: route numbers and the JSON messages on them.
 * Requests and replies share a route; pushes have routes of their own. A client needs nothing
 * else from this module to play (see {@link io.rally.examples.game.bot.GameBot}).
 *
 * <p>Lobby routes are stateless: any lobby node answers. Battle routes from {@link #MOVE} on
 * are stateful: the gate sends them to the battle node the player was bound to when joining
 * its room. Routes {@link #SEAT} and {@link #LIST} are internal: only the lobby sends them, to
 * the battle node that runs a queue, and that node's reply answers the client's request (it
 * comes back on the internal route, with the request's seq).
 */
public final class GameProtocol {

	/** {@link Login} → {@link LoggedIn}: logs in with a token, replacing an older connection of the user. */
	public static final int LOGIN = 100;

	/** {@link QueueRequest} → {@link RoomList}: the rooms of a queue that wait for players. */
	public static final int ROOMS = 101;

	/** {@link QueueRequest} → {@link Seat}: a seat in an open room of the queue, in a new one if none is open. */
	public static final int MATCH = 102;

	/** Empty → {@link Balance}: the player's balance in the game currency, from the wallet service. */
	public static final int BALANCE = 103;

	/** {@link Text} → {@link Reached}: a message to every online player. */
	public static final int ANNOUNCE = 104;

	/** {@link JoinRequest} → {@link RoomView}: takes a seat from {@link #MATCH}; later battle routes go to the room's node. */
	public static final int JOIN = 110;

	/** {@link Move} → {@link RoomView}: adds 1 to 3 to the room's total, on the player's turn. */
	public static final int MOVE = 111;

	/** {@link Text} → {@link Reached}: says something to the room. */
	public static final int CHAT = 112;

	/** Empty → {@link RoomView}: leaves the room (a waiting room, or one whose round is over). */
	public static final int LEAVE = 113;

	/** Empty → {@link RoomView}: the player's room as it is now, after a reconnect. */
	public static final int RESUME = 114;

	/** Push {@link RoomView}: someone joined the room; when it is full the round starts. */
	public static final int PLAYER_JOINED = 130;

	/** Push {@link RoomView}: a move was made. */
	public static final int MOVED = 131;

	/** Push {@link ChatMessage}: something said in the room. */
	public static final int CHAT_MESSAGE = 132;

	/** Push {@link RoundOver}: the round ended, with the winner's reward. */
	public static final int ROUND_OVER = 133;

	/** Push {@link Announcement}: to every online player. */
	public static final int ANNOUNCEMENT = 134;

	/** Internal, lobby → battle node of a queue: {@link QueueRequest} → {@link Seat}. */
	public static final int SEAT = 190;

	/** Internal, lobby → battle node of a queue: {@link QueueRequest} → {@link RoomList}. */
	public static final int LIST = 191;

	private GameProtocol() {
	}

	/** A signed login token, as issued by {@link GameTokens}. */
	public record Login(String token) {
	}

	/** The user now logged in on this connection. */
	public record LoggedIn(long userId) {
	}

	/** Names a matchmaking queue (a game mode, a skill bracket). */
	public record QueueRequest(String queue) {
	}

	/** The open rooms of a queue. */
	public record RoomList(String queue, List<RoomSummary> rooms) {
	}

	/** One open room. */
	public record RoomSummary(String roomId, int seated, int capacity) {
	}

	/** A seat reserved for the player in {@code roomId}, on battle node {@code host}. */
	public record Seat(String roomId, String host) {
	}

	/** A balance in {@code currency}. */
	public record Balance(String currency, long balance) {
	}

	/** Some text. */
	public record Text(String text) {
	}

	/** How many connections a message reached. */
	public record Reached(int connections) {
	}

	/** Joins the room of a seat. */
	public record JoinRequest(String roomId) {
	}

	/** Adds {@code amount} to the total. */
	public record Move(int amount) {
	}

	/**
	 * A room as its players see it.
	 * @param roomId the room
	 * @param state WAITING, PLAYING or OVER
	 * @param players the players in seat order; the first moves first
	 * @param total the running total
	 * @param target the total that wins
	 * @param moves how many moves were made, which orders views of one room
	 * @param turn whose move it is, {@code 0} unless PLAYING
	 * @param winner who won, {@code 0} unless OVER
	 */
	public record RoomView(String roomId, String state, List<Long> players, int total, int target, int moves,
			long turn, long winner) {
	}

	/** Something {@code from} said in a room. */
	public record ChatMessage(String roomId, long from, String text) {
	}

	/** The end of a round: {@code reward} paid to {@code winner}, whose balance is now {@code balance}. */
	public record RoundOver(String roomId, long winner, long reward, long balance) {
	}

	/** A message to everyone; {@code from} is {@code 0} for the server. */
	public record Announcement(long from, String text) {
	}

}
