// The function app (the seed's chat app, or yours) on the Flex Consumption plan (FC1): dotnet-isolated, a
// user-assigned identity for host storage, the deployment container and the rooms table, and the gateway's
// management endpoint and access key as a Key Vault reference.

param name string
param planName string
param location string
param tags object = {}

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity (AzureWebJobsStorage__clientId, AZURE_CLIENT_ID).')
param identityClientId string

param storageBlobEndpoint string
param storageQueueEndpoint string
param storageTableEndpoint string

@description('URL of the blob container Flex Consumption deploys the package from.')
param deploymentContainerUrl string

@description('The rooms table the SDK reads (SocketIO:Rooms:TableName).')
param roomsTableName string

param applicationInsightsConnectionString string

@description('Key Vault secret URI of SocketIO:ConnectionString (Endpoint=<gateway https URL>;AccessKey=...;Version=1.0;).')
param socketIOConnectionStringSecretUri string

@description('.NET version of the isolated worker: the version the projects target.')
param dotnetVersion string = '10.0'

@description('Instance memory of the Flex Consumption plan, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Most instances Flex Consumption scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@secure()
@description('Token that admits a client to the chat app\'s /admin namespace (Admin:Tokens:<token>); empty admits nobody.')
param adminToken string = ''

@description('User the admin token stands for.')
param adminUser string = 'admin'

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

var storageSettings = [
  { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
  { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
  { name: 'AzureWebJobsStorage__blobServiceUri', value: storageBlobEndpoint }
  { name: 'AzureWebJobsStorage__queueServiceUri', value: storageQueueEndpoint }
  { name: 'AzureWebJobsStorage__tableServiceUri', value: storageTableEndpoint }
]

var socketIOSettings = [
  { name: 'SocketIO__ConnectionString', value: '@Microsoft.KeyVault(SecretUri=${socketIOConnectionStringSecretUri})' }
  { name: 'SocketIO__Rooms__TableServiceUri', value: storageTableEndpoint }
  { name: 'SocketIO__Rooms__TableName', value: roomsTableName }
  // DefaultAzureCredential (the SDK's rooms reads) picks the user-assigned identity by this client id.
  { name: 'AZURE_CLIENT_ID', value: identityClientId }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsightsConnectionString }
]

var adminSettings = empty(adminToken) ? [] : [{ name: 'Admin__Tokens__${adminToken}', value: adminUser }]

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'functions' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: concat(storageSettings, socketIOSettings, adminSettings)
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: dotnetVersion
      }
    }
  }
}

output name string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName
output uri string = 'https://${functionApp.properties.defaultHostName}'
