package io.rally.examples.game;

/**
 * Which part of the game a node serves ({@code rally.examples.game.role}). One jar serves any
 * role: a cluster runs lobby nodes in node group {@code lobby} and battle nodes in group
 * {@code battle}; a standalone server serves both from one node.
 */
public enum GameRole {

	/** Login, matchmaking, wallet and announcements: stateless routes. */
	LOBBY,

	/** Rooms and their rounds, held in the memory of the node that hosts them. */
	BATTLE,

	/** Both. */
	ALL

}
