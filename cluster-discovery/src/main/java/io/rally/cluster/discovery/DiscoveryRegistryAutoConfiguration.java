package io.rally.cluster.discovery;

import io.rally.cluster.InstanceRegistry;
import org.apache.curator.x.discovery.ServiceDiscovery;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.consul.discovery.ConsulDiscoveryClient;
import org.springframework.cloud.consul.discovery.ConsulDiscoveryProperties;
import org.springframework.cloud.consul.discovery.HeartbeatProperties;
import org.springframework.cloud.consul.serviceregistry.ConsulRegistration;
import org.springframework.cloud.consul.serviceregistry.ConsulServiceRegistry;
import org.springframework.cloud.zookeeper.discovery.ZookeeperDiscoveryClient;
import org.springframework.cloud.zookeeper.discovery.ZookeeperInstance;
import org.springframework.cloud.zookeeper.discovery.ZookeeperServiceWatch;
import org.springframework.cloud.zookeeper.serviceregistry.ZookeeperRegistration;
import org.springframework.cloud.zookeeper.serviceregistry.ZookeeperServiceRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link InstanceRegistry} of cluster mode ({@code rally.mode=cluster}) on whichever Spring
 * Cloud discovery backend is present: ZooKeeper or Consul. Each backend contributes its
 * {@link RegistrationFactory} and pairs its own {@code ServiceRegistry} with its own
 * {@code DiscoveryClient}; were both present, the first one wins.
 */
@AutoConfiguration(afterName = {
		"org.springframework.cloud.zookeeper.support.CuratorServiceDiscoveryAutoConfiguration",
		"org.springframework.cloud.zookeeper.serviceregistry.ZookeeperServiceRegistryAutoConfiguration",
		"org.springframework.cloud.zookeeper.discovery.ZookeeperDiscoveryClientConfiguration",
		"org.springframework.cloud.zookeeper.discovery.ZookeeperDiscoveryAutoConfiguration",
		"org.springframework.cloud.consul.serviceregistry.ConsulServiceRegistryAutoConfiguration",
		"org.springframework.cloud.consul.discovery.ConsulDiscoveryClientConfiguration",
		"org.springframework.cloud.consul.support.ConsulHeartbeatAutoConfiguration" })
@ConditionalOnProperty(prefix = "rally", name = "mode", havingValue = "cluster")
@EnableConfigurationProperties(DiscoveryRegistryProperties.class)
public final class DiscoveryRegistryAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ZookeeperServiceRegistry.class, ZookeeperDiscoveryClient.class })
	@ConditionalOnBean({ ZookeeperServiceRegistry.class, ZookeeperDiscoveryClient.class })
	static class ZookeeperBackend {

		@Bean
		@ConditionalOnMissingBean
		ZookeeperRegistrationFactory rallyZookeeperRegistrationFactory(
				ServiceDiscovery<ZookeeperInstance> serviceDiscovery) {
			return new ZookeeperRegistrationFactory(serviceDiscovery);
		}

		@Bean
		@ConditionalOnMissingBean(InstanceRegistry.class)
		DiscoveryInstanceRegistry rallyZookeeperInstanceRegistry(ZookeeperServiceRegistry serviceRegistry,
				RegistrationFactory<ZookeeperRegistration> registrationFactory, ZookeeperDiscoveryClient discoveryClient,
				DiscoveryRegistryProperties properties) {
			return new DiscoveryInstanceRegistry(serviceRegistry, registrationFactory, discoveryClient, properties);
		}

		@Bean
		@ConditionalOnBean(ZookeeperServiceWatch.class)
		ZookeeperServiceWatchStarter rallyZookeeperServiceWatchStarter(ZookeeperServiceWatch watch) {
			return new ZookeeperServiceWatchStarter(watch);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ConsulServiceRegistry.class, ConsulDiscoveryClient.class })
	@ConditionalOnBean({ ConsulServiceRegistry.class, ConsulDiscoveryClient.class })
	static class ConsulBackend {

		@Bean
		@ConditionalOnMissingBean
		ConsulRegistrationFactory rallyConsulRegistrationFactory(ConsulDiscoveryProperties properties,
				ObjectProvider<HeartbeatProperties> heartbeat) {
			return new ConsulRegistrationFactory(properties, heartbeat.getIfAvailable());
		}

		@Bean
		@ConditionalOnMissingBean(InstanceRegistry.class)
		DiscoveryInstanceRegistry rallyConsulInstanceRegistry(ConsulServiceRegistry serviceRegistry,
				RegistrationFactory<ConsulRegistration> registrationFactory, ConsulDiscoveryClient discoveryClient,
				DiscoveryRegistryProperties properties) {
			return new DiscoveryInstanceRegistry(serviceRegistry, registrationFactory, discoveryClient, properties);
		}

	}

}
