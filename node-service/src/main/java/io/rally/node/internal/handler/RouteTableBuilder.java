package io.rally.node.internal.handler;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;

import io.rally.node.api.RallyController;
import io.rally.node.api.Route;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Builds the {@link RouteTable} from the {@link RallyController @RallyController} beans of a
 * bean factory. Methods are found on the user class, so controllers behind Spring proxies work.
 */
public final class RouteTableBuilder {

	private RouteTableBuilder() {
	}

	/**
	 * Scans the controllers of {@code beanFactory}.
	 * @throws IllegalStateException if two methods map the same route or a method's parameters
	 * cannot be resolved
	 */
	public static RouteTable build(ListableBeanFactory beanFactory) {
		Map<Integer, HandlerMethod> handlers = new LinkedHashMap<>();
		Map<String, Object> controllers = beanFactory.getBeansWithAnnotation(RallyController.class);
		for (Map.Entry<String, Object> entry : controllers.entrySet()) {
			Object bean = entry.getValue();
			Class<?> userType = AopUtils.getTargetClass(bean);
			Map<Method, Route> methods = MethodIntrospector.selectMethods(userType,
					(MethodIntrospector.MetadataLookup<Route>) (method) -> AnnotatedElementUtils
						.findMergedAnnotation(method, Route.class));
			for (Map.Entry<Method, Route> found : methods.entrySet()) {
				Method method = found.getKey();
				Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
				HandlerMethod handler = new HandlerMethod(bean, method, invocable, found.getValue());
				HandlerMethod previous = handlers.putIfAbsent(handler.route().route(), handler);
				if (previous != null) {
					throw new IllegalStateException("Route " + handler.route().route() + " is mapped twice: by "
							+ previous.description() + " and by " + handler.description() + " (bean '"
							+ entry.getKey() + "'); each route must have exactly one handler per node");
				}
			}
		}
		return new RouteTable(handlers);
	}

}
