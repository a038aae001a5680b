# dira-bench in a container (CPU build).
#   docker build -t dira-bench .
#   docker run --rm -v /path/to/data:/data -v "$PWD/runs:/app/runs" dira-bench run --spec mini
# /data is the folder holding chestxray14_nih1000 etc. (DIRA_DATA_ROOT); results land in /app/runs/<spec>.
# For GPU hosts build with --build-arg MAVEN_PROFILES=-Pcuda on an nvidia/cuda 11.6 + cuDNN 8 base (docs/BACKEND.md).
FROM maven:3.9-eclipse-temurin-17 AS build
ARG MAVEN_PROFILES=""
WORKDIR /src
COPY . .
RUN mvn -B -q ${MAVEN_PROFILES} -DskipTests package

FROM eclipse-temurin:17-jre
# fonts for the JFreeChart figures of the report
RUN apt-get update && apt-get install -y --no-install-recommends fontconfig fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/harness/target/harness-0.1.0-SNAPSHOT.jar /app/harness/target/
COPY --from=build /src/harness/target/lib /app/harness/target/lib
COPY bin /app/bin
ENV DIRA_DATA_ROOT=/data
ENTRYPOINT ["/app/bin/dira-bench"]
CMD ["--help"]
