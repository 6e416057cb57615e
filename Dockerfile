# The latticework release image, built by GoReleaser (.goreleaser.yaml,
# dockers_v2) from the binaries it has just built: nothing is compiled here.
# distroless/static holds CA certificates, /tmp and a non-root user, and no
# shell; the binary is static (CGO_ENABLED=0).
FROM gcr.io/distroless/static-debian12:nonroot
ARG TARGETPLATFORM
COPY $TARGETPLATFORM/latticework /usr/local/bin/latticework
WORKDIR /site
ENTRYPOINT ["/usr/local/bin/latticework"]
CMD ["build"]
