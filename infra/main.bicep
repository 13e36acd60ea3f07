// `azd up` entry point: one resource group holding the whole system. The gateway (Container Apps) holds the
// Socket.IO connections and invokes the function app (Flex Consumption) per event; rooms are kept in Table Storage;
// both apps report to Application Insights; an optional Azure Managed Redis lets the gateway run several replicas.
// Everything is composed from the local modules in ../bicep (no registry modules). See docs/deploy.md.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; names the resource group and seeds the resource names.')
param environmentName string

@minLength(1)
@description('Azure region of every resource.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the user running azd: given data access to the rooms table and blobs. Empty for none.')
param principalId string = ''

@description('Kind of principal principalId is (azd sets AZURE_PRINCIPAL_TYPE; ServicePrincipal when it runs in a pipeline).')
@allowed([
  'User'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('Whether the gateway\'s container app exists already (azd sets SERVICE_GATEWAY_RESOURCE_EXISTS): keep its image.')
param gatewayExists bool = false

@description('Deploy Azure Managed Redis as the gateway\'s backplane, so the gateway scales past one replica.')
param redisEnabled bool = false

@description('Most gateway replicas when redisEnabled is on (one replica without Redis).')
@minValue(2)
@maxValue(300)
param gatewayMaxReplicas int = 5

@secure()
@description('The access key shared by the gateway and the function app. azd generates it once per environment and keeps it in the environment\'s configuration.')
@metadata({
  azd: {
    type: 'generate'
    config: {
      length: 48
      noSpecial: true
    }
  }
})
param accessKey string

@secure()
@description('Token that admits a client to the chat app\'s /admin namespace (app setting Admin__Tokens__<token>); empty admits nobody.')
param adminToken string = ''

@description('User the admin token stands for.')
param adminUser string = 'admin'

@description('Namespaces the function app serves; clients may join only these (Upstream:Namespaces).')
param namespaces array = [
  '/'
  '/admin'
]

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var roomsTableName = 'socketiorooms'
var gatewayName = '${abbrs.appContainerApps}gateway-${resourceToken}'
var placeholderImage = 'mcr.microsoft.com/dotnet/samples:aspnetapp'

resource resourceGroup 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module monitoring '../bicep/monitoring.bicep' = {
  name: 'monitoring'
  scope: resourceGroup
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
  }
}

module gatewayIdentity '../bicep/identity.bicep' = {
  name: 'gateway-identity'
  scope: resourceGroup
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}gateway-${resourceToken}'
    location: location
    tags: tags
  }
}

module functionsIdentity '../bicep/identity.bicep' = {
  name: 'functions-identity'
  scope: resourceGroup
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}functions-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage '../bicep/storage.bicep' = {
  name: 'storage'
  scope: resourceGroup
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    tableName: roomsTableName
    deploymentContainerName: 'app-package'
    gatewayPrincipalId: gatewayIdentity.outputs.principalId
    functionsPrincipalId: functionsIdentity.outputs.principalId
    userPrincipalId: principalId
    userPrincipalType: principalType
  }
}

module registry '../bicep/registry.bicep' = {
  name: 'registry'
  scope: resourceGroup
  params: {
    name: '${abbrs.containerRegistryRegistries}${resourceToken}'
    location: location
    tags: tags
    pullPrincipalId: gatewayIdentity.outputs.principalId
  }
}

module containerAppsEnvironment '../bicep/container-apps-environment.bicep' = {
  name: 'container-apps-environment'
  scope: resourceGroup
  params: {
    name: '${abbrs.appManagedEnvironments}${resourceToken}'
    location: location
    tags: tags
    logAnalyticsName: monitoring.outputs.logAnalyticsName
  }
}

// The gateway's URL is known before it exists (app name + environment domain), which breaks the cycle
// gateway -> function app URL, function app -> gateway URL.
var gatewayUri = 'https://${gatewayName}.${containerAppsEnvironment.outputs.defaultDomain}'

module keyVault '../bicep/key-vault.bicep' = {
  name: 'key-vault'
  scope: resourceGroup
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
    secretName: 'socketio-connection-string'
    secretValue: 'Endpoint=${gatewayUri};AccessKey=${accessKey};Version=1.0;'
    readerPrincipalId: functionsIdentity.outputs.principalId
  }
}

module functionApp '../bicep/function-app.bicep' = {
  name: 'function-app'
  scope: resourceGroup
  params: {
    name: '${abbrs.webSitesFunctions}${resourceToken}'
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    identityId: functionsIdentity.outputs.id
    identityClientId: functionsIdentity.outputs.clientId
    storageBlobEndpoint: storage.outputs.blobEndpoint
    storageQueueEndpoint: storage.outputs.queueEndpoint
    storageTableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    roomsTableName: storage.outputs.tableName
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    socketIOConnectionStringSecretUri: keyVault.outputs.secretUri
    adminToken: adminToken
    adminUser: adminUser
  }
}

module redis '../bicep/redis.bicep' = if (redisEnabled) {
  name: 'redis'
  scope: resourceGroup
  params: {
    name: '${abbrs.cacheRedisEnterprise}${resourceToken}'
    location: location
    tags: tags
  }
}

module gatewayImage '../bicep/container-app-image.bicep' = if (gatewayExists) {
  name: 'gateway-image'
  scope: resourceGroup
  params: {
    name: gatewayName
  }
}

module gateway '../bicep/gateway.bicep' = {
  name: 'gateway'
  scope: resourceGroup
  params: {
    name: gatewayName
    location: location
    tags: tags
    environmentId: containerAppsEnvironment.outputs.id
    environmentDefaultDomain: containerAppsEnvironment.outputs.defaultDomain
    identityId: gatewayIdentity.outputs.id
    identityClientId: gatewayIdentity.outputs.clientId
    registryLoginServer: registry.outputs.loginServer
    image: gatewayExists ? gatewayImage!.outputs.image : placeholderImage
    isPlaceholderImage: !gatewayExists
    functionAppHostName: functionApp.outputs.defaultHostName
    accessKey: accessKey
    storageTableEndpoint: storage.outputs.tableEndpoint
    roomsTableName: storage.outputs.tableName
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    namespaces: namespaces
    redisName: redisEnabled ? redis!.outputs.name : ''
    maxReplicas: gatewayMaxReplicas
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_CONTAINER_REGISTRY_NAME string = registry.outputs.name
output AZURE_CONTAINER_APPS_ENVIRONMENT_NAME string = containerAppsEnvironment.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output SOCKETIO_ROOMS_TABLE_NAME string = storage.outputs.tableName
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output SERVICE_GATEWAY_NAME string = gateway.outputs.name
output SERVICE_GATEWAY_URI string = gateway.outputs.uri
output SERVICE_FUNCTIONS_NAME string = functionApp.outputs.name
output SERVICE_FUNCTIONS_URI string = functionApp.outputs.uri
@description('The demo chat page (the seed\'s chat client), served by the gateway.')
output SOCKETIO_CHAT_URL string = '${gateway.outputs.uri}/'
@description('Whether the Redis backplane is deployed (several gateway replicas).')
output SOCKETIO_REDIS_ENABLED bool = redisEnabled
