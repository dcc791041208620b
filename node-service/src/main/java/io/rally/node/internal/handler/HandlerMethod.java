package io.rally.node.internal.handler;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;

import io.rally.cluster.RouteInfo;
import io.rally.node.api.RequestContext;
import io.rally.node.api.Route;
import io.rally.node.api.SessionInfo;

import org.springframework.util.ReflectionUtils;

/**
 * One {@link Route @Route} method, bound to its bean, with its parameters resolved once at
 * startup: a call fills an argument array by parameter kind and invokes a spreading
 * {@link MethodHandle}. Thread-safe.
 */
public final class HandlerMethod {

	private final RouteInfo route;

	private final String description;

	private final ParameterKind[] parameters;

	private final Class<?> bodyType;

	private final MethodHandle invoker;

	HandlerMethod(Object bean, Method method, Method invocable, Route annotation) {
		this.route = new RouteInfo(annotation.value(), annotation.stateful(), annotation.authorized(),
				annotation.internal());
		this.description = method.getDeclaringClass().getSimpleName() + "#" + method.getName();
		Class<?>[] types = method.getParameterTypes();
		this.parameters = new ParameterKind[types.length];
		Class<?> body = null;
		for (int i = 0; i < types.length; i++) {
			this.parameters[i] = ParameterKind.of(types[i]);
			if (this.parameters[i] == ParameterKind.BODY) {
				if (body != null) {
					throw new IllegalStateException("Handler " + this.description + " of route " + annotation.value()
							+ " has two request parameters (" + body.getSimpleName() + " and "
							+ types[i].getSimpleName() + "); at most one parameter may receive the decoded payload");
				}
				body = types[i];
			}
		}
		this.bodyType = body;
		this.invoker = spreadingInvoker(bean, invocable, types.length);
	}

	private static MethodHandle spreadingInvoker(Object bean, Method method, int arity) {
		ReflectionUtils.makeAccessible(method);
		try {
			return MethodHandles.lookup()
				.unreflect(method)
				.bindTo(bean)
				.asSpreader(Object[].class, arity)
				.asType(MethodType.methodType(Object.class, Object[].class));
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("Cannot access handler method " + method, ex);
		}
	}

	/** The route and its dispatch options. */
	public RouteInfo route() {
		return this.route;
	}

	/** {@code SimpleClassName#method}, for messages. */
	public String description() {
		return this.description;
	}

	/**
	 * Calls the method for one message.
	 * @return what the method returned; {@code null} for {@code void}
	 */
	public Object invoke(RequestContext context) throws Throwable {
		Object[] args = new Object[this.parameters.length];
		for (int i = 0; i < args.length; i++) {
			args[i] = switch (this.parameters[i]) {
				case CONTEXT -> context;
				case RAW -> context.payload();
				case SESSION -> context.session();
				case BODY -> context.payloadAs(this.bodyType);
			};
		}
		return (Object) this.invoker.invokeExact(args);
	}

	@Override
	public String toString() {
		return this.description + " (route " + this.route.route() + ")";
	}

	private enum ParameterKind {

		CONTEXT, RAW, SESSION, BODY;

		static ParameterKind of(Class<?> type) {
			if (type == RequestContext.class) {
				return CONTEXT;
			}
			if (type == byte[].class) {
				return RAW;
			}
			if (type == SessionInfo.class) {
				return SESSION;
			}
			return BODY;
		}

	}

}
