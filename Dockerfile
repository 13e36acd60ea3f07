# syntax=docker/dockerfile:1
# The Socket.IO gateway's image (azure.yaml builds it in the registry: `docker.remoteBuild`). Build context: the
# repository root. tests/SocketIO.Serverless.Deployment.Tests checks that every path copied here exists.

# The Socket.IO client bundle the gateway embeds and serves at /socket.io/socket.io.js, from the locked npm package.
FROM node:22-bookworm-slim AS client
WORKDIR /repo
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /repo
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props ./
COPY build/ build/
COPY src/ src/
# The gateway's build embeds node_modules/socket.io-client/dist (target EmbedSocketIOClientBundle in its project).
# The client stage installed it, and this image has no Node: UsesNpmPackages=false skips the build's own `npm ci`.
COPY --from=client /repo/node_modules/socket.io-client/ node_modules/socket.io-client/
RUN dotnet publish src/SocketIO.Serverless.Gateway/SocketIO.Serverless.Gateway.csproj \
      --configuration Release --output /app -p:UseAppHost=false -p:UsesNpmPackages=false -nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
# The images' unprivileged user (APP_UID); port 8080 needs no privilege.
USER $APP_UID
# Liveness as the Container Apps probe sees it; bash's /dev/tcp, since the runtime image has no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "SocketIO.Serverless.Gateway.dll"]
