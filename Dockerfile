# syntax=docker/dockerfile:1
# The one Taskcast image: every role runs from the same executable jar, chosen by TASKCAST_ROLES
# (or --roles). Build with `docker build -t taskcast-kafka .`; docker-compose.yml builds it too.

# Build stage: the same Maven version as ./mvnw (3.9.11) on a JDK 17. The Maven repository is a
# BuildKit cache, so a rebuild after a code change does not download every dependency again.
FROM maven:3.9.11-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B --no-transfer-progress -DskipTests -pl launcher -am package \
    && cp launcher/target/taskcast-exec.jar /taskcast.jar

# Runtime stage: a JRE only. curl is there for the compose healthchecks (GET /health/ready).
FROM eclipse-temurin:17-jre
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system taskcast \
    && useradd --system --gid taskcast --home-dir /app --shell /usr/sbin/nologin taskcast \
    && mkdir -p /app /var/lib/taskcast/streams \
    && chown -R taskcast:taskcast /app /var/lib/taskcast
WORKDIR /app
COPY --from=build --chown=taskcast:taskcast /taskcast.jar /app/taskcast.jar
# The processor's local state stores (rebuildable from Kafka). Created here, owned by the
# runtime user, so that a named volume mounted on it starts out writable.
ENV TASKCAST_STATE_DIR=/var/lib/taskcast/streams
USER taskcast
EXPOSE 3721
ENTRYPOINT ["java", "-jar", "taskcast.jar"]
CMD ["run"]
