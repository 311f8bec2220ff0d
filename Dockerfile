# papers-bot container: the bot with its SQLite store on a volume, on Node.js 24 LTS.
# Both stages use the same base image: better-sqlite3 is a native add-on, compiled in the build stage against this
# exact Node and libc, and it must run on the same ones. The runtime stage carries no compiler and no TypeScript.
FROM node:24-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
COPY migrations ./migrations
COPY scripts/bundle.mjs ./scripts/
# npm ci runs `prepare`, which compiles the TypeScript into dist/ and links the command line into dist/bundle/ (it
# needs the dev dependencies: tsc, esbuild); then they go. The image keeps dist/ whole: the bundle imports nothing
# from the rest of it, and its source maps name the TypeScript files and lines.
RUN npm ci --no-audit --no-fund && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
# HOST=0.0.0.0: inside a container 127.0.0.1 is the container's own loopback, which the health check reaches but
# the published port (and Slack's HTTP mode behind it) does not. Publish the port only where it should be seen.
ENV NODE_ENV=production \
    DATABASE_URL=/data/papers.db \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY assets ./assets
COPY slack ./slack
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
# The node image's unprivileged user (uid 1000); the database volume is its own.
USER node
EXPOSE 3000
# /healthz answers while the process runs its event loop; the image has no curl, so Node asks.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The console front end reads stdin; run with -it to use it, or let Discord/Slack tokens enable those.
# A small young generation: the bot allocates little at a time, and 4 MiB semi-spaces keep ~30 MiB of RSS off.
ENTRYPOINT ["node", "--max-semi-space-size=4", "bin/papers.js"]
CMD ["run"]
