# syntax=docker/dockerfile:1
# Rally example mesh, serving the example wallet (io.rally.examples.ExampleMeshApplication): Spring gRPC server 9090 (spring.grpc.server.port), management 8081.
#
# Build context: the repository root, after the jars are built:
#   ./mvnw -B -q -DskipTests package && docker compose up --build
# or on its own:
#   docker build -f docker/mesh.Dockerfile -t rally/mesh .

# Unpacks the Spring Boot jar into its layers, so that an image rebuilt after a code change
# reuses the layers of third-party dependencies, which rarely change.
FROM eclipse-temurin:17-jre AS builder
WORKDIR /builder
COPY rally-examples/target/rally-example-mesh-exec.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:17-jre
# curl serves the health check below (newer Temurin images no longer ship it).
RUN apt-get update \
	&& apt-get install -y --no-install-recommends curl \
	&& rm -rf /var/lib/apt/lists/* \
	&& groupadd --system --gid 10001 rally \
	&& useradd --system --uid 10001 --gid rally --home-dir /app --no-create-home rally
WORKDIR /app
# Least to most often changed, each a layer of its own.
COPY --from=builder /builder/extracted/dependencies/ ./
COPY --from=builder /builder/extracted/spring-boot-loader/ ./
COPY --from=builder /builder/extracted/snapshot-dependencies/ ./
COPY --from=builder /builder/extracted/application/ ./
USER 10001:10001
# The heap follows the container's memory limit; an OutOfMemoryError ends the JVM so that the
# orchestrator restarts it instead of leaving a half-working process behind.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError" \
	MANAGEMENT_SERVER_PORT=8081
EXPOSE 9090 8081
# SIGTERM starts the graceful shutdown (a gate says goodbye and closes its connections, a node
# turns HANG and waits up to rally.node.drain-timeout for its users to leave). Give the container
# more time than that before SIGKILL: stop_grace_period in compose, terminationGracePeriodSeconds
# in Kubernetes.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
	CMD curl -fsS http://localhost:8081/actuator/health/readiness || exit 1
# exec form: java is PID 1 and receives SIGTERM itself.
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
