// The Socket.IO gateway on Container Apps: external HTTPS ingress (HTTP/1.1, so WebSocket upgrades pass), sticky
// sessions (an Engine.IO session's long-polling requests must reach the replica that holds it), probes on /healthz
// and /readyz, and a scale rule on concurrent connections that can add replicas only when the Redis backplane is
// on (without it a broadcast would reach the sockets of one replica only).

param name string
param location string
param tags object = {}

param environmentId string

@description('DNS suffix of the Container Apps environment (the app answers at https://<name>.<defaultDomain>).')
param environmentDefaultDomain string

@description('Resource id of the user-assigned identity the gateway runs as (image pulls, rooms table).')
param identityId string

@description('Client id of that identity (Rooms:ClientId, AZURE_CLIENT_ID).')
param identityClientId string

param registryLoginServer string

@description('Image to run; the placeholder until `azd deploy` pushes the gateway\'s.')
param image string

@description('Whether image is the placeholder: it answers /healthz but not /readyz, so readiness probes /healthz.')
param isPlaceholderImage bool

@description('Host name of the function app that handles the events.')
param functionAppHostName string

@secure()
@description('The access key shared with the function app: signs upstream requests and management tokens.')
param accessKey string

param storageTableEndpoint string
param roomsTableName string
param applicationInsightsConnectionString string

@description('Namespaces clients may join (Upstream:Namespaces): those the function app serves.')
param namespaces array

@description('Name of the Azure Managed Redis cluster of the backplane; empty for a single gateway.')
param redisName string = ''

@description('Most replicas when the Redis backplane is on.')
@minValue(2)
@maxValue(300)
param maxReplicas int = 5

@description('Concurrent connections (WebSockets and pending polls) per replica before another is added.')
@minValue(10)
param connectionsPerReplica int = 1000

@description('CPU cores and memory of one replica.')
param cpu string = '0.5'
param memory string = '1Gi'

var port = 8080
var fqdn = '${name}.${environmentDefaultDomain}'
var redisEnabled = !empty(redisName)

// ARM works out the names of resources it skips too: never hand it an empty one.
resource redis 'Microsoft.Cache/redisEnterprise@2025-04-01' existing = if (redisEnabled) {
  name: redisEnabled ? redisName : 'none'
}

resource redisDatabase 'Microsoft.Cache/redisEnterprise/databases@2025-04-01' existing = if (redisEnabled) {
  parent: redis
  name: 'default'
}

var accessKeySecret = { name: 'upstream-access-key', value: accessKey }
var redisSecrets = redisEnabled
  ? [
      {
        name: 'redis-connection-string'
        value: '${redis!.properties.hostName}:10000,password=${redisDatabase!.listKeys().primaryKey},ssl=True,abortConnect=False'
      }
    ]
  : []

var namespaceSettings = [for (ns, i) in namespaces: { name: 'Upstream__Namespaces__${i}', value: ns }]

var settings = [
  { name: 'Gateway__Application', value: 'Functions' }
  { name: 'Upstream__UrlTemplate', value: 'https://${functionAppHostName}/api/socketio{namespace}/{event}' }
  { name: 'Upstream__AccessKey', secretRef: accessKeySecret.name }
  { name: 'Upstream__RequestOrigin', value: fqdn }
  { name: 'Rooms__TableServiceUri', value: storageTableEndpoint }
  { name: 'Rooms__ClientId', value: identityClientId }
  { name: 'Rooms__TableName', value: roomsTableName }
  // DefaultAzureCredential picks the user-assigned identity by this client id.
  { name: 'AZURE_CLIENT_ID', value: identityClientId }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsightsConnectionString }
  { name: 'OTEL_SERVICE_NAME', value: 'socketio-gateway' }
  // TLS ends at the ingress: take the scheme and client address from its X-Forwarded-* headers.
  { name: 'ASPNETCORE_FORWARDEDHEADERS_ENABLED', value: 'true' }
]

var redisSettings = redisEnabled ? [{ name: 'Redis__ConnectionString', secretRef: 'redis-connection-string' }] : []

resource gateway 'Microsoft.App/containerApps@2024-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'gateway' })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    managedEnvironmentId: environmentId
    workloadProfileName: 'Consumption'
    configuration: {
      // Sticky sessions need a single active revision.
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: port
        transport: 'http'
        allowInsecure: false
        stickySessions: {
          affinity: 'sticky'
        }
      }
      registries: [
        {
          server: registryLoginServer
          identity: identityId
        }
      ]
      secrets: concat([accessKeySecret], redisSecrets)
    }
    template: {
      containers: [
        {
          name: 'gateway'
          image: image
          resources: {
            cpu: json(cpu)
            memory: memory
          }
          env: concat(settings, namespaceSettings, redisSettings)
          probes: [
            {
              type: 'Startup'
              httpGet: { path: '/healthz', port: port }
              periodSeconds: 2
              failureThreshold: 30
            }
            {
              type: 'Liveness'
              httpGet: { path: '/healthz', port: port }
              periodSeconds: 10
              failureThreshold: 3
            }
            {
              // /readyz also asks the function app: a slow cold start must not take the gateway out at once.
              type: 'Readiness'
              httpGet: { path: isPlaceholderImage ? '/healthz' : '/readyz', port: port }
              periodSeconds: 30
              timeoutSeconds: 10
              failureThreshold: 3
            }
          ]
        }
      ]
      scale: {
        minReplicas: 1
        maxReplicas: redisEnabled ? maxReplicas : 1
        rules: [
          {
            name: 'concurrent-connections'
            http: {
              metadata: {
                concurrentRequests: string(connectionsPerReplica)
              }
            }
          }
        ]
      }
    }
  }
}

output name string = gateway.name
output fqdn string = gateway.properties.configuration.ingress.fqdn
output uri string = 'https://${gateway.properties.configuration.ingress.fqdn}'
