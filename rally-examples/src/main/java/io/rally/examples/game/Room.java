package io.rally.examples.game;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.rally.examples.game.GameProtocol.RoomSummary;
import io.rally.examples.game.GameProtocol.RoomView;

/**
 * One room on the battle node that hosts it: seats handed out by matchmaking, the players who
 * joined and the connection each one plays from, and the round once every seat is taken.
 * Its players' messages run on different workers, so every method holds the room's lock.
 */
final class Room {

	enum State {

		WAITING, PLAYING, OVER

	}

	private final String id;

	private final String queue;

	private final int capacity;

	private final int target;

	private final List<Long> seats = new ArrayList<>();

	/** Joined players and the connection ({@code gate/connection}) each one plays from. */
	private final Map<Long, String> connections = new HashMap<>();

	private Round round;

	Room(String id, String queue, int capacity, int target) {
		this.id = id;
		this.queue = queue;
		this.capacity = capacity;
		this.target = target;
	}

	String id() {
		return this.id;
	}

	String queue() {
		return this.queue;
	}

	/** The channel the room's events are published on. */
	String channel() {
		return "room:" + this.id;
	}

	/** Reserves a seat for {@code player}; {@code true} if it has one now. */
	synchronized boolean reserve(long player) {
		if (this.seats.contains(player)) {
			return true;
		}
		if (state() != State.WAITING || this.seats.size() == this.capacity) {
			return false;
		}
		this.seats.add(player);
		return true;
	}

	/**
	 * Sits {@code player}, who holds a seat, down on {@code connection}; the round starts when
	 * the last seat is taken. Joining again only moves the player to the new connection.
	 */
	synchronized RoomView join(long player, String connection) {
		if (!this.seats.contains(player)) {
			throw new IllegalStateException("no seat in room " + this.id + "; ask the lobby for one");
		}
		this.connections.put(player, connection);
		if (this.round == null && this.connections.size() == this.capacity) {
			this.round = new Round(this.seats, this.target);
		}
		return view();
	}

	/** Moves a seated player to a new connection, after a reconnect. */
	synchronized RoomView resume(long player, String connection) {
		if (!this.connections.containsKey(player)) {
			throw new IllegalStateException("not in room " + this.id);
		}
		this.connections.put(player, connection);
		return view();
	}

	synchronized RoomView move(long player, int amount) {
		if (this.round == null) {
			throw new IllegalStateException("the round has not started");
		}
		this.round.move(player, amount);
		return view();
	}

	/** Gets {@code player} up; refused while the round is on (a real game would count it as lost). */
	synchronized RoomView leave(long player) {
		if (state() == State.PLAYING) {
			throw new IllegalStateException("the round is on");
		}
		this.seats.remove(player);
		this.connections.remove(player);
		return view();
	}

	/** Whether {@code player} plays from {@code connection}, rather than from a newer one. */
	synchronized boolean playsFrom(long player, String connection) {
		return connection.equals(this.connections.get(player));
	}

	synchronized boolean isSeated(long player) {
		return this.connections.containsKey(player);
	}

	synchronized boolean isEmpty() {
		return this.seats.isEmpty();
	}

	synchronized boolean isOpen() {
		return state() == State.WAITING && this.seats.size() < this.capacity;
	}

	synchronized State state() {
		if (this.round == null) {
			return State.WAITING;
		}
		return this.round.isOver() ? State.OVER : State.PLAYING;
	}

	synchronized List<Long> players() {
		return List.copyOf(this.seats);
	}

	synchronized RoomSummary summary() {
		return new RoomSummary(this.id, this.seats.size(), this.capacity);
	}

	synchronized RoomView view() {
		Round current = this.round;
		return new RoomView(this.id, state().name(), List.copyOf(this.seats), (current != null) ? current.total() : 0,
				this.target, (current != null) ? current.moves() : 0, (current != null) ? current.turn() : 0,
				(current != null) ? current.winner() : 0);
	}

}
