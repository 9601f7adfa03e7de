# goalbot's image: a static binary on distroless, running as nonroot.
#
#   docker build -t goalbot .
#   docker run --env-file .env -p 8080:8080 -v goalbot-data:/data goalbot

# The Go toolchain is pinned to a patch release: 1.26.10 fixes the standard library
# advisories that govulncheck reports as reachable from goalbot on 1.26.8 (see
# docs/operations.md, "Security updates"). Raise it with each Go security release.
ARG GO_VERSION=1.26.10
FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# The same flags as scripts/test's release build. timetzdata (and the time/tzdata
# import in main) embed the time zone database, which distroless lacks.
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -tags timetzdata -o /out/goalbot ./cmd/goalbot \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/goalbot /goalbot
# /data belongs to nonroot (uid 65532), so a new volume mounted there is writable.
COPY --from=build --chown=65532:65532 /out/data /data
ENV GOALBOT_DATA_DIR=/data
VOLUME /data
EXPOSE 8080
USER nonroot
ENTRYPOINT ["/goalbot"]
CMD ["run"]
