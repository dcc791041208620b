package io.rally.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.rally.cluster.InstanceInfo;
import io.rally.cluster.InstanceKind;
import io.rally.cluster.InstanceRegistry;
import io.rally.cluster.grpc.mesh.MeshChannels;
import io.rally.examples.wallet.proto.BalanceRequest;
import io.rally.examples.wallet.proto.ChangeReply;
import io.rally.examples.wallet.proto.ChangeRequest;
import io.rally.examples.wallet.proto.TransferRequest;
import io.rally.examples.wallet.proto.WalletGrpc;
import io.rally.examples.wallet.proto.WalletGrpc.WalletBlockingStub;
import io.rally.mesh.registration.MeshRegistration;
import io.rally.testsupport.RedisTestServer;
import io.rally.testsupport.ZooKeeperTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Two mesh servers (the real application) and a node-side caller, each its own Spring context
 * on one real ZooKeeper, the meshes sharing one real Redis.
 */
class ExampleMeshClusterTest {

	private static final String WALLET = WalletGrpc.SERVICE_NAME;

	private static final String PREFIX = "mesh-cluster-" + System.nanoTime();

	private static ConfigurableApplicationContext meshA;

	private static ConfigurableApplicationContext meshB;

	private static ConfigurableApplicationContext caller;

	@BeforeAll
	static void start() {
		meshA = startMesh("mesh-a");
		meshB = startMesh("mesh-b");
		caller = new SpringApplicationBuilder(Caller.class).web(WebApplicationType.NONE)
			.properties(common())
			.properties("spring.grpc.server.enabled=false", "rally.node.enabled=false",
					"spring.data.redis.host=" + RedisTestServer.shared().host(),
					"spring.data.redis.port=" + RedisTestServer.shared().port())
			.run();
	}

	@AfterAll
	static void stop() {
		caller.close();
		meshA.close();
		meshB.close();
	}

	@Test
	void callsGoThroughDiscoverySpreadOverBothMeshesAndSurviveOneStopping() throws Exception {
		InstanceRegistry registry = caller.getBean(InstanceRegistry.class);
		await().untilAsserted(() -> assertThat(registry.instances(InstanceKind.MESH))
			.filteredOn((instance) -> instance.provides(WALLET))
			.extracting(InstanceInfo::id)
			.contains("mesh-a", "mesh-b"));
		InstanceInfo registered = meshA.getBean(MeshRegistration.class).registered();
		assertThat(registered.services()).containsExactly(WALLET);
		assertThat(registered.endpoint()).startsWith("127.0.0.1:");

		WalletBlockingStub wallet = WalletGrpc.newBlockingStub(caller.getBean(MeshChannels.class).channel(WALLET));
		long user = System.nanoTime();
		await().ignoreExceptions()
			.until(() -> wallet.credit(change(user, 1_000, "fund-" + user)).getBalance() == 1_000);

		int beforeA = calls(meshA);
		int beforeB = calls(meshB);
		List<ChangeReply> debits = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			debits.add(wallet.debit(change(user, 100, "debit-" + user)));
		}
		assertThat(calls(meshA)).isGreaterThan(beforeA);
		assertThat(calls(meshB)).isGreaterThan(beforeB);
		assertThat(debits).extracting(ChangeReply::getBalance).containsOnly(900L);
		assertThat(debits).filteredOn((reply) -> !reply.getReplayed()).hasSize(1);

		assertThat(concurrentDebits(wallet, user)).extracting(ChangeReply::getBalance).containsOnly(800L);
		assertThat(balance(wallet, user)).isEqualTo(800);

		meshA.close();
		await().untilAsserted(() -> assertThat(registry.instances(InstanceKind.MESH)).extracting(InstanceInfo::id)
			.doesNotContain("mesh-a"));
		// calls racing the stop may fail; each is retried a bounded number of times
		await().untilAsserted(() -> {
			for (int i = 0; i < 50; i++) {
				assertThat(balance(wallet, user)).isEqualTo(800);
			}
		});
		int afterStopB = calls(meshB);
		for (int i = 0; i < 50; i++) {
			assertThat(balance(wallet, user)).isEqualTo(800);
		}
		assertThat(calls(meshB)).isEqualTo(afterStopB + 50);
		assertThat(wallet.debit(change(user, 100, "debit-" + user)).getReplayed()).isTrue();
	}

	@Test
	void walletErrorsArriveAsStatusCodes() {
		WalletBlockingStub wallet = WalletGrpc.newBlockingStub(caller.getBean(MeshChannels.class).channel(WALLET));
		long user = System.nanoTime();
		await().ignoreExceptions().until(() -> wallet.balance(BalanceRequest.newBuilder()
			.setUserId(user)
			.setCurrency("GOLD")
			.build()).getBalance() == 0);
		assertStatus(() -> wallet.credit(change(user, -1, "neg-" + user)), Status.Code.INVALID_ARGUMENT);
		assertStatus(() -> wallet.debit(change(user, 1, "poor-" + user)), Status.Code.FAILED_PRECONDITION);
		assertStatus(() -> wallet.transfer(TransferRequest.newBuilder()
			.setFromUserId(user)
			.setToUserId(user + 1)
			.setCurrency("GOLD")
			.setAmount(1)
			.setIdempotencyKey("t-" + user)
			.build()), Status.Code.FAILED_PRECONDITION);
		wallet.credit(change(user, 5, "same-" + user));
		assertStatus(() -> wallet.credit(change(user, 6, "same-" + user)), Status.Code.ALREADY_EXISTS);
	}

	private static List<ChangeReply> concurrentDebits(WalletBlockingStub wallet, long user) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(6);
		try {
			CountDownLatch go = new CountDownLatch(1);
			List<Future<ChangeReply>> futures = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				futures.add(pool.submit(() -> {
					go.await();
					return wallet.debit(change(user, 100, "parallel-" + user));
				}));
			}
			go.countDown();
			List<ChangeReply> replies = new ArrayList<>();
			for (Future<ChangeReply> future : futures) {
				replies.add(future.get(10, TimeUnit.SECONDS));
			}
			assertThat(replies).filteredOn((reply) -> !reply.getReplayed()).hasSize(1);
			return replies;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static void assertStatus(Runnable call, Status.Code code) {
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(call::run)
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(code));
	}

	private static long balance(WalletBlockingStub wallet, long user) {
		return wallet.balance(BalanceRequest.newBuilder().setUserId(user).setCurrency("GOLD").build()).getBalance();
	}

	private static ChangeRequest change(long user, long amount, String key) {
		return ChangeRequest.newBuilder()
			.setUserId(user)
			.setCurrency("GOLD")
			.setAmount(amount)
			.setIdempotencyKey(key)
			.build();
	}

	private static int calls(ConfigurableApplicationContext mesh) {
		return mesh.getBean(CallCounter.class).calls.get();
	}

	private static ConfigurableApplicationContext startMesh(String id) {
		SpringApplication application = ExampleMeshApplication.application();
		application.addPrimarySources(List.of(CallCounter.Config.class));
		List<String> args = new ArrayList<>();
		for (String property : common()) {
			args.add("--" + property);
		}
		args.addAll(List.of("--rally.mesh.id=" + id, "--spring.grpc.server.port=0", "--server.port=0",
				"--spring.grpc.server.host=127.0.0.1", "--spring.grpc.server.shutdown-grace-period=2s",
				"--spring.main.keep-alive=false", "--spring.data.redis.host=" + RedisTestServer.shared().host(),
				"--spring.data.redis.port=" + RedisTestServer.shared().port(), "--rally.examples.wallet.key-prefix=" + PREFIX));
		return application.run(args.toArray(String[]::new));
	}

	private static String[] common() {
		return new String[] { "rally.mode=cluster", "spring.main.banner-mode=off",
				"spring.cloud.zookeeper.connect-string=" + ZooKeeperTestServer.connectString(),
				"rally.cluster.registry=zookeeper", "rally.cluster.discovery.poll-interval=1s" };
	}

	/** A node-side JVM: the registry and MeshChannels, nothing of the mesh, and no node of its own. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Caller {

	}

}
