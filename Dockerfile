# syntax=docker/dockerfile:1
#
# mtap in a container: the `mtap` CLI is the entrypoint, so one image is the DUT simulator, a station
# running batches, and the dashboard (docker-compose.yml runs all three). Run bare, it is a simulator.
#
# Debian (glibc), not Alpine: DuckDB's npm package ships its native library for linux-x64 glibc.
# Checked by `npm run lint:containers` (scripts/lint-containers.ts); see docs/deployment.md.

# ---- build: compile TypeScript and the dashboard's browser client ------------------------------------
FROM node:20.20.2-bookworm-slim AS build
WORKDIR /src
# Dependencies first, so this layer is reused until the lockfile changes. --ignore-scripts: the
# package's `prepare` would build now, before the sources are here; the build runs below.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json vite.dashboard.config.ts ./
COPY src ./src
RUN npm run build

# ---- runtime: production dependencies, the built code, the examples ---------------------------------
FROM node:20.20.2-bookworm-slim AS runtime
ENV NODE_ENV=production \
    MTAP_RUNS_DIR=/data/runs
WORKDIR /app
# Production dependencies only (no TypeScript, Vite, test tools). No install scripts: none of the
# runtime dependencies has one (DuckDB's binary comes as a platform package), and `prepare` needs tsc.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
# What the CLI reads at run time: dist/ (with dist/dashboard/client, the dashboard's built assets),
# package.json (the version it reports) and examples/ (`mtap demo`'s plan and its requirements file).
# Owned by root and not writable by the user the process runs as: the code cannot be changed from inside.
COPY --from=build /src/dist ./dist
COPY examples ./examples
# The one place mtap writes: run directories (mount a volume here). Owned by the runtime user.
RUN mkdir -p /data/runs && chown -R node:node /data
# The `node` user of the base image (uid 1000), never root.
USER node:node
# 9000: the simulator; 8080: the dashboard when started with --port 8080 (as docker-compose.yml does).
EXPOSE 9000 8080
# The image's default command is the simulator, so its health check is the simulator's: one HELLO.
# Services running another command (batch, dashboard) override or disable it (docker-compose.yml).
HEALTHCHECK --interval=10s --timeout=5s --start-period=15s --retries=3 \
    CMD ["node", "/app/dist/cli/main.js", "dut", "--check", "127.0.0.1:9000"]
ENTRYPOINT ["node", "/app/dist/cli/main.js"]
CMD ["dut", "--host", "0.0.0.0", "--port", "9000"]
