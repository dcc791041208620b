package io.rally.node;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.rally.node.api.InterceptorChain;
import io.rally.node.api.RallyException;
import io.rally.node.api.RequestContext;
import io.rally.node.api.RouteInterceptor;
import io.rally.node.api.SessionInfo;
import io.rally.node.api.SessionListener;
import io.rally.node.api.UnknownRouteHandler;
import io.rally.node.test.TestCluster;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;

/**
 * The node application shared by the {@code @SpringBootTest} classes (one cached context).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ TestCluster.class, GameController.class })
class TestNodeApplication {

	/** Routes the recording interceptors watch. */
	static final int INTERCEPTED = 30;

	static final int SHORT_CIRCUITED = 31;

	static final int DENIED = 32;

	@Bean
	Recorder recorder() {
		return new Recorder();
	}

	@Bean
	@Order(2)
	RouteInterceptor inner(Recorder recorder) {
		return (context, chain) -> {
			recorder.record(context, "inner");
			return chain.proceed();
		};
	}

	@Bean
	@Order(1)
	RouteInterceptor outer(Recorder recorder) {
		return new RouteInterceptor() {
			@Override
			public Object intercept(RequestContext context, InterceptorChain chain) throws Exception {
				recorder.record(context, "outer");
				if (context.route() == SHORT_CIRCUITED) {
					return "short-circuited";
				}
				if (context.route() == DENIED) {
					throw new RallyException(401, "login first");
				}
				Object result = chain.proceed();
				return (context.route() == INTERCEPTED) ? result + " (wrapped)" : result;
			}
		};
	}

	@Bean
	UnknownRouteHandler unknownRouteHandler() {
		return (context) -> context.reply("no route " + context.route());
	}

	@Bean
	SessionListener sessionRecorder(Recorder recorder) {
		return new SessionListener() {
			@Override
			public void onConnect(SessionInfo session) {
				recorder.sessions.add("connect " + session.connectionId());
			}

			@Override
			public void onReconnect(SessionInfo session) {
				recorder.sessions.add("reconnect " + session.connectionId() + " user " + session.userId());
			}

			@Override
			public void onDisconnect(SessionInfo session) {
				recorder.sessions.add("disconnect " + session.connectionId());
			}
		};
	}

	@Bean
	SessionListener secondSessionListener(Recorder recorder) {
		return new SessionListener() {
			@Override
			public void onDisconnect(SessionInfo session) {
				recorder.sessions.add("second disconnect " + session.connectionId());
			}
		};
	}

	static final class Recorder {

		final List<String> calls = new CopyOnWriteArrayList<>();

		final List<String> sessions = new CopyOnWriteArrayList<>();

		void record(RequestContext context, String what) {
			if (context.route() >= INTERCEPTED && context.route() <= DENIED) {
				this.calls.add(context.route() + ":" + what);
			}
		}

	}

}
