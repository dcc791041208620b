package io.rally.examples.game;

import java.util.List;

/**
 * The rules of one round of "race to the target": players take turns in seat order, each
 * adding 1 to {@value #MAX_STEP} to a shared total, never past the target; whoever reaches the
 * target wins. Every round has a winner, and a bot that always adds 1 unless it can win
 * plays a deterministic game. Not thread-safe: its {@link Room} guards it.
 */
public final class Round {

	/** The most one move may add. */
	public static final int MAX_STEP = 3;

	private final List<Long> players;

	private final int target;

	private int total;

	private int moves;

	private long winner;

	public Round(List<Long> players, int target) {
		if (players.size() < 2) {
			throw new IllegalArgumentException("players: " + players.size() + " (expected: at least 2)");
		}
		if (target < 1) {
			throw new IllegalArgumentException("target: " + target + " (expected: > 0)");
		}
		this.players = List.copyOf(players);
		this.target = target;
	}

	/**
	 * Makes {@code player}'s move.
	 * @throws IllegalStateException if the round is over or it is not that player's turn
	 * @throws IllegalArgumentException if {@code amount} is not 1 to {@value #MAX_STEP} or
	 * would pass the target
	 */
	public void move(long player, int amount) {
		if (isOver()) {
			throw new IllegalStateException("the round is over");
		}
		if (player != turn()) {
			throw new IllegalStateException("not your turn");
		}
		if (amount < 1 || amount > MAX_STEP) {
			throw new IllegalArgumentException("amount: " + amount + " (expected: 1 to " + MAX_STEP + ")");
		}
		if (this.total + amount > this.target) {
			throw new IllegalArgumentException(
					"amount: " + amount + " (expected: at most " + (this.target - this.total) + " to reach the target)");
		}
		this.total += amount;
		this.moves++;
		if (this.total == this.target) {
			this.winner = player;
		}
	}

	/** Whose move it is; {@code 0} once the round is over. */
	public long turn() {
		return isOver() ? 0 : this.players.get(this.moves % this.players.size());
	}

	public boolean isOver() {
		return this.winner != 0;
	}

	/** The winner; {@code 0} while the round is on. */
	public long winner() {
		return this.winner;
	}

	public int total() {
		return this.total;
	}

	public int moves() {
		return this.moves;
	}

	public int target() {
		return this.target;
	}

}
