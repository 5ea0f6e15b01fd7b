# dvc: one image for every production command (api, worker, migrate, seed).
FROM golang:1.26-bookworm AS build
WORKDIR /src
ENV GOTOOLCHAIN=local CGO_ENABLED=0
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -trimpath -ldflags "-s -w" -o /out/dvc ./cmd/dvc

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* && useradd --system --uid 10001 dvc
COPY --from=build /out/dvc /usr/local/bin/dvc
USER dvc
EXPOSE 8080 9464
ENTRYPOINT ["/usr/local/bin/dvc"]
CMD ["api"]
