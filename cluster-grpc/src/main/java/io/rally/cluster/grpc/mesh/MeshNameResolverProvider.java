package io.rally.cluster.grpc.mesh;

import java.net.URI;

import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.rally.cluster.InstanceRegistry;

/**
 * Resolves {@code rally-mesh:///<full service name>} to the mesh instances that provide the
 * service, through one {@link InstanceRegistry}. Installed on each mesh channel's builder
 * rather than in gRPC's global registry, so that two application contexts in one JVM (tests,
 * or a standalone server next to a client) each resolve through their own registry.
 */
final class MeshNameResolverProvider extends NameResolverProvider {

	private final InstanceRegistry registry;

	MeshNameResolverProvider(InstanceRegistry registry) {
		this.registry = registry;
	}

	@Override
	public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
		if (!MeshChannels.SCHEME.equals(targetUri.getScheme())) {
			return null;
		}
		String path = targetUri.getPath();
		if (path == null || path.length() < 2 || path.indexOf('/', 1) >= 0) {
			throw new IllegalArgumentException(
					"mesh target: '" + targetUri + "' (expected: " + MeshChannels.SCHEME + ":///<service name>)");
		}
		return new MeshNameResolver(this.registry, path.substring(1), args.getSynchronizationContext(),
				args.getChannelLogger());
	}

	@Override
	public String getDefaultScheme() {
		return MeshChannels.SCHEME;
	}

	@Override
	protected boolean isAvailable() {
		return true;
	}

	@Override
	protected int priority() {
		return 5;
	}

}
