# Byregion API: a static binary on an empty base image, running as a non-root user, database in /data.

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# The build command: cgo for SQLite, linked statically so the final image needs nothing else.
# sqlite_omit_load_extension drops SQLite's dlopen, which a static glibc binary cannot do safely.
RUN CGO_ENABLED=1 go build -trimpath -tags 'sqlite_omit_load_extension,osusergo,netgo' -ldflags '-s -w -linkmode external -extldflags "-static"' -o byregion .
RUN mkdir -p /rootfs/data /rootfs/tmp && chown 65532:65532 /rootfs/data && chmod 1777 /rootfs/tmp

FROM scratch
COPY --from=build --chown=65532:65532 /rootfs/data /data
COPY --from=build /rootfs/tmp /tmp
COPY --from=build /src/byregion /byregion
USER 65532:65532
ENV BYREGION_DB=/data/byregion.db BYREGION_ADDR=:8080
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["/byregion", "healthcheck"]
ENTRYPOINT ["/byregion"]
CMD ["serve"]
