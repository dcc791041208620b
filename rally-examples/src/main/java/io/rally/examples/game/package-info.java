/**
 * The example game, "race to the target": a small but complete multiplayer game on Rally,
 * and the reference for the node API. Two players, matched by a queue, take turns adding 1 to
 * 3 to a shared total; whoever reaches the target wins a reward paid by the wallet mesh
 * service.
 *
 * <ul>
 * <li>{@link io.rally.examples.game.LobbyController} (stateless, node group {@code lobby}):
 * login with a signed token ({@link io.rally.examples.game.GameTokens}), open rooms,
 * matchmaking, balance, announcements.</li>
 * <li>{@link io.rally.examples.game.BattleController} (node group {@code battle}): rooms held
 * in the memory of one battle node; joining binds the player to it, moves, chat, leaving and
 * resuming after a reconnect are stateful routes; a join that reaches another battle node is
 * forwarded to the room's node.</li>
 * <li>{@link io.rally.examples.game.GameProtocol}: the routes and messages, all a client
 * needs; {@link io.rally.examples.game.bot.GameBot} plays the game with the client SDK.</li>
 * </ul>
 *
 * A node serves the lobby, the battles or both ({@code rally.examples.game.role}); standalone
 * mode serves both from its one node.
 */
package io.rally.examples.game;
