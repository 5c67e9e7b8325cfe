# syntax=docker/dockerfile:1
# Build stage: a JDK with Maven already in it (Debian's maven package would bring a second Java runtime). The
# wrapper uses that mvn only to fetch the Maven version it pins (.mvn/wrapper), through the image's own resolver
# settings, and builds with it.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q -DskipTests package && cp target/galileo-sync-*.jar /src/app.jar

# Run stage: the Java runtime only, plus curl for the health check.
FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /data galileo && mkdir -p /data && chown galileo /data
COPY --from=build /src/app.jar /app/galileo-sync.jar
# Class data sharing (Spring Boot's CDS support): the jar extracted, one training start that stops once the
# context is up, its loaded classes archived; the node then starts on about half the CPU time.
RUN java -Djarmode=tools -jar /app/galileo-sync.jar extract --destination /app/extracted \
    && java -XX:ArchiveClassesAtExit=/app/extracted/app.jsa -Dspring.context.exit=onRefresh \
       -jar /app/extracted/galileo-sync.jar --galileo.data-dir=/tmp/cds-training --galileo.discovery.enabled=false \
       --server.port=0 --galileo.ingest.port=0 > /dev/null \
    && rm -rf /tmp/cds-training
USER galileo
ENV GALILEO_DATA_DIR=/data HTTP_PORT=3001 TCP_PORT=3003
VOLUME /data
EXPOSE 3001 3003 3002/udp
# A slow gateway (an SD card, a big database to open and migrate) may take a minute or two to start: checks
# that fail in the start period do not count, and the first one that passes ends it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${HTTP_PORT}/actuator/health" || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:SharedArchiveFile=/app/extracted/app.jsa", "-jar", "/app/extracted/galileo-sync.jar"]
