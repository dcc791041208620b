package io.rally.examples.game;

import java.time.Clock;

import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.grpc.mesh.MeshChannels;
import io.rally.node.api.NodeControl;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The game's beans besides its controllers: tokens and the wallet for every role, the rooms
 * on battle nodes, the choice of battle node on lobby nodes.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GameProperties.class)
public class GameConfiguration {

	@Bean
	GameTokens gameTokens(GameProperties properties) {
		return new GameTokens(properties.getTokenSecret(), Clock.systemUTC());
	}

	@Bean
	WalletClient gameWallet(MeshChannels meshChannels, GameProperties properties) {
		return new WalletClient(meshChannels, properties.getCurrency());
	}

	@Bean
	@ConditionalOnGameRole(GameRole.LOBBY)
	BattleNodes gameBattleNodes(InstanceRegistry registry) {
		return new BattleNodes(registry);
	}

	@Bean
	@ConditionalOnGameRole(GameRole.BATTLE)
	Rooms gameRooms(NodeControl node, GameProperties properties) {
		return new Rooms(node.nodeId(), properties.getTarget());
	}

}
