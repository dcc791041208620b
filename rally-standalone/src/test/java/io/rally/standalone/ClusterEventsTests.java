package io.rally.standalone;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.rally.client.ClientTransport;
import io.rally.client.RallyClient;
import io.rally.cluster.event.ClusterEvent.UserEvent;
import io.rally.cluster.event.ClusterEvent.UserOffline;
import io.rally.cluster.event.ClusterEvent.UserOnline;
import io.rally.cluster.event.ClusterEventBus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real client logging in to the standalone gate and leaving: the event bus reports the user
 * online and then offline, without the gate publishing anything itself.
 */
@SpringBootTest(properties = { "rally.gate.tcp.port=0", "rally.gate.ws.port=0" })
class ClusterEventsTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	ClusterEventBus bus;

	GateClients clients;

	@AfterEach
	void closeClients() {
		if (this.clients != null) {
			this.clients.close();
		}
	}

	@Test
	void aLoginAndALogoutAreReportedAsUserOnlineAndOffline() throws Exception {
		long user = 8_000_001;
		List<UserEvent> heard = new CopyOnWriteArrayList<>();
		try (AutoCloseable subscription = this.bus.subscribe(UserEvent.class, (event) -> {
			if (event.userId() == user) {
				heard.add(event);
			}
		})) {
			this.clients = new GateClients(this.context);
			RallyClient client = this.clients.login(ClientTransport.TCP, user);
			await().until(() -> heard.size() == 1);
			assertThat(heard.get(0)).isInstanceOf(UserOnline.class);
			String gateId = ((UserOnline) heard.get(0)).gateId();
			client.close();
			await().untilAsserted(() -> assertThat(heard).containsExactly(new UserOnline(user, gateId),
					new UserOffline(user, gateId)));
		}
	}

}
