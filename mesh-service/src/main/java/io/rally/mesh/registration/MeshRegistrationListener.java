package io.rally.mesh.registration;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.grpc.server.lifecycle.GrpcServerShutdownEvent;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;

/**
 * Drives a {@link MeshRegistration} from Spring gRPC's server events: registers when the
 * server started (its port is known then, also when configured as 0), deregisters as soon as
 * the context starts closing, before Spring gRPC's server (the last lifecycle phase) stops, so
 * callers move on while the server still finishes its calls. A server shut down on its own
 * deregisters too.
 */
public final class MeshRegistrationListener implements SmartApplicationListener {

	private final MeshRegistration registration;

	private final ApplicationContext context;

	public MeshRegistrationListener(MeshRegistration registration, ApplicationContext context) {
		this.registration = registration;
		this.context = context;
	}

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return GrpcServerStartedEvent.class.isAssignableFrom(eventType)
				|| GrpcServerShutdownEvent.class.isAssignableFrom(eventType)
				|| ContextClosedEvent.class.isAssignableFrom(eventType);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof GrpcServerStartedEvent started) {
			this.registration.serverStarted(started.getServer());
		}
		else if (event instanceof GrpcServerShutdownEvent) {
			this.registration.deregister();
		}
		else if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == this.context) {
			this.registration.deregister();
		}
	}

}
