package io.rally.examples.game;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.rally.examples.game.GameProtocol.RoomSummary;
import io.rally.examples.game.GameProtocol.RoomView;
import io.rally.examples.game.GameProtocol.Seat;

/**
 * The rooms a battle node hosts, and matchmaking for the queues the lobby sends here. A room
 * id is {@code <node id>/<number>}, so that any node can tell which node hosts a room without
 * asking anyone. Thread-safe: seating takes one lock, so that two players matched at once get
 * seats in the same room rather than a room each.
 */
final class Rooms {

	/** Players per room. */
	static final int CAPACITY = 2;

	private final String nodeId;

	private final int target;

	private final Map<String, Room> byId = new ConcurrentHashMap<>();

	/** The room each player joined, until the player leaves it. */
	private final Map<Long, Room> byPlayer = new ConcurrentHashMap<>();

	private long created;

	Rooms(String nodeId, int target) {
		this.nodeId = nodeId;
		this.target = target;
	}

	/** The node that hosts {@code roomId}, or {@code null} if that is no room id. */
	static String hostOf(String roomId) {
		int slash = (roomId != null) ? roomId.lastIndexOf('/') : -1;
		return (slash > 0) ? roomId.substring(0, slash) : null;
	}

	/** A seat for {@code player} in an open room of {@code queue}: the one it holds, another, or a new room. */
	synchronized Seat seat(String queue, long player) {
		Room open = null;
		for (Room room : this.byId.values()) {
			if (room.queue().equals(queue) && room.players().contains(player) && room.state() != Room.State.OVER) {
				return new Seat(room.id(), this.nodeId);
			}
			if (open == null && room.queue().equals(queue) && room.isOpen()) {
				open = room;
			}
		}
		if (open == null) {
			open = new Room(this.nodeId + "/" + (++this.created), queue, CAPACITY, this.target);
			this.byId.put(open.id(), open);
		}
		open.reserve(player);
		return new Seat(open.id(), this.nodeId);
	}

	/** The rooms of {@code queue} that still have a free seat. */
	List<RoomSummary> open(String queue) {
		List<RoomSummary> open = new ArrayList<>();
		for (Room room : this.byId.values()) {
			if (room.queue().equals(queue) && room.isOpen()) {
				open.add(room.summary());
			}
		}
		return open;
	}

	Room find(String roomId) {
		return this.byId.get(roomId);
	}

	/** The room {@code player} joined, or {@code null}. */
	Room of(long player) {
		return this.byPlayer.get(player);
	}

	/**
	 * Sits {@code player} down in {@code room} (see {@link Room#join}), leaving a room of
	 * this node whose round is over.
	 * @throws IllegalStateException if the player has no seat in {@code room}, or a round in
	 * another room is still on
	 */
	synchronized RoomView join(Room room, long player, String connection) {
		Room previous = this.byPlayer.get(player);
		if (previous != null && previous != room && previous.state() == Room.State.PLAYING) {
			throw new IllegalStateException("finish the round in room " + previous.id() + " first");
		}
		RoomView view = room.join(player, connection);
		if (previous != null && previous != room) {
			previous.leave(player);
			left(player, previous);
		}
		this.byPlayer.put(player, room);
		return view;
	}

	/** Forgets that {@code player} is in {@code room}, and the room once nobody holds a seat. */
	synchronized void left(long player, Room room) {
		this.byPlayer.remove(player, room);
		if (room.isEmpty()) {
			this.byId.remove(room.id(), room);
		}
	}

}
