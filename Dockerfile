# papers-bot container: the bot with its SQLite store on a volume.
# Build stage compiles better-sqlite3 against this Node version; the runtime stage carries no compiler.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    DATABASE_URL=/data/papers.db
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
COPY src ./src
COPY commands ./commands
COPY migrations ./migrations
COPY assets ./assets
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
# The console front end reads stdin; run with -it to use it, or let Discord/Slack tokens enable those.
# A small young generation: the bot allocates little at a time, and 4 MiB semi-spaces keep ~30 MiB of RSS off.
ENTRYPOINT ["node", "--max-semi-space-size=4", "bin/papers.js"]
CMD ["run"]
