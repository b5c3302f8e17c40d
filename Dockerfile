# The Callsheet sync server (not the desktop). Not used by the tests; the supported
# deployment is docs/deployment.md (systemd units + nginx). Build and run:
#
#   docker build -t callsheet-server .
#   docker run --rm callsheet-server migrate --database-url "$URL"      # once per release
#   docker run -d -p 127.0.0.1:8600:8600 -e CALLSHEET_DATABASE_URL="$URL" \
#       callsheet-server serve --host 0.0.0.0 --port 8600 --workers 2 --log-format json
#
# $URL names PostgreSQL, e.g. postgresql+psycopg://callsheet:PASSWORD@db.internal/callsheet
# (SQLite inside a container would live and die with it). Put nginx (deploy/) or another
# balancer in front; /metrics answers only on the container's loopback, so scrape it
# from a sidecar or run Prometheus' agent in the same network namespace.

FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY app ./app
COPY ui ./ui
COPY server ./server
COPY wire ./wire
COPY db ./db
# The package carries the desktop too (one distribution); its Qt wheels are installed
# but never imported by the server.
RUN python -m venv /opt/callsheet \
 && /opt/callsheet/bin/pip install --upgrade pip \
 && /opt/callsheet/bin/pip install .

FROM python:3.11-slim-bookworm
COPY --from=build /opt/callsheet /opt/callsheet
RUN useradd --system --home-dir /var/lib/callsheet --create-home --shell /usr/sbin/nologin \
        callsheet
USER callsheet
WORKDIR /var/lib/callsheet
ENV PATH=/opt/callsheet/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    CALLSHEET_LOG_FORMAT=json \
    CALLSHEET_SERVER_THREADS=8
EXPOSE 8600
# /health says the process answers (no database access): right for a container probe.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8600/api/v1/health', timeout=4).status == 200 else 1)"
# SIGTERM (docker stop): open long polls answer at once, requests in flight finish.
STOPSIGNAL SIGTERM
ENTRYPOINT ["callsheet-server"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8600"]
