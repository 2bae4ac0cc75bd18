# Isnad: multi-stage build. The dependency layer is cached by building a dummy main first, so a source
# change rebuilds only the crate itself. The runtime image is slim, runs as a non-root user, and reads
# the bot token only from the environment (TELOXIDE_TOKEN): nothing secret is baked in.

FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
RUN mkdir src && echo 'fn main() {}' > src/main.rs && touch src/lib.rs \
    && cargo build --release --locked \
    && rm -rf src
COPY src ./src
RUN touch src/main.rs src/lib.rs && cargo build --release --locked

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /app --uid 10001 isnad
WORKDIR /app
COPY --from=build /src/target/release/isnad /usr/local/bin/isnad
COPY --chown=isnad:isnad seeds ./seeds
COPY --chown=isnad:isnad config ./config
ENV ISNAD_CORPUS_DIR=/app/seeds \
    ISNAD_HTTP_ADDR=0.0.0.0:9090 \
    RUST_LOG=info
VOLUME ["/app/seeds"]
USER isnad
EXPOSE 9090
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS http://127.0.0.1:9090/healthz || exit 1
ENTRYPOINT ["isnad", "--config", "/app/config/default.toml"]
CMD ["serve"]
