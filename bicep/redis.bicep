// Azure Managed Redis for several gateway replicas: the Redis backplane (Redis:ConnectionString) fans broadcasts out
// to every gateway, as Socket.IO's Redis adapter does. Deployed only when the redisEnabled parameter is on.

param name string
param location string
param tags object = {}

@description('SKU of the cache; Balanced_B0 is the smallest (pub/sub needs no memory to speak of).')
param skuName string = 'Balanced_B0'

resource redis 'Microsoft.Cache/redisEnterprise@2025-04-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
  }
  properties: {
    minimumTlsVersion: '1.2'
  }
}

resource database 'Microsoft.Cache/redisEnterprise/databases@2025-04-01' = {
  parent: redis
  name: 'default'
  properties: {
    clientProtocol: 'Encrypted'
    port: 10000
    // One endpoint for the client (the proxy routes), so StackExchange.Redis needs no cluster awareness.
    clusteringPolicy: 'EnterpriseCluster'
    evictionPolicy: 'NoEviction'
    // StackExchange.Redis authenticates with the access key; the key only travels inside the gateway's secret.
    accessKeysAuthentication: 'Enabled'
  }
}

output name string = redis.name
output hostName string = redis.properties.hostName
