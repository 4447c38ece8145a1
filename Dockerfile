# syntax=docker/dockerfile:1
# The camstream command in an image, run on the module path exactly as the ./camstream launcher runs it
# (DeploymentFilesTest compares the two). Build from the repository root:
#
#   docker build -t camstream:0.1.0-SNAPSHOT .
#   docker run --rm -p 50051:50051 -p 8080:8080 camstream:0.1.0-SNAPSHOT     # the test pattern
#
# linux/amd64 only: .mvn/maven.config limits JavaCPP's natives (OpenCV, FFmpeg, in javacv-platform's jars)
# to linux-x86_64, so the image has no other platform's. Extra JVM flags: JAVA_TOOL_OPTIONS (the launcher's
# CAMSTREAM_JAVA_OPTS). Kubernetes manifests: deploy/kubernetes/.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# What ./camstream builds: the command and the modules it needs (tests are CI's job, the benchmarks no one's
# here). Without Debian's libturbojpeg-java in this image the turbojpeg plugin is left out, as on any such
# machine; OpenCV's encoder (libjpeg-turbo inside) is the default. The cache keeps ~/.m2 between builds.
RUN --mount=type=cache,target=/root/.m2 mvn -B -ntp -DskipTests -pl modules/cli -am package

FROM eclipse-temurin:17-jre
# A numeric, non-root user: Kubernetes' runAsNonRoot can only verify a number. It has a home because JavaCPP
# unpacks the native libraries into ~/.javacpp/cache on first use.
RUN useradd --uid 10001 --create-home --home-dir /home/camstream --shell /usr/sbin/nologin camstream
COPY --from=build /src/modules/cli/target/camstream-cli.jar /opt/camstream/camstream-cli.jar
COPY --from=build /src/modules/cli/target/app/ /opt/camstream/app/
USER 10001
# gRPC (camstream.v1, MainServer, grpc.health.v1) and the HTTP face (live page, MJPEG, /metrics, /healthz).
EXPOSE 50051 8080
ENTRYPOINT ["java", "--module-path", "/opt/camstream/camstream-cli.jar:/opt/camstream/app", \
            "--add-modules", "ALL-MODULE-PATH", "-m", "io.camstream.cli/io.camstream.cli.Main"]
# Every interface: inside a container 127.0.0.1 (the server's default) is unreachable from outside it.
CMD ["server", "--bind", "0.0.0.0"]
