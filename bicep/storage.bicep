// The storage account: the rooms table (written by the gateway, read by the functions through the SDK), the
// function app's host storage (AzureWebJobsStorage) and the Flex Consumption deployment container. Shared-key
// access is off: every client authenticates with a managed identity, and each gets only the data roles it needs.

import { roleIds } from 'role-ids.bicep'

param name string
param location string
param tags object = {}

@description('The rooms table (Rooms:TableName / SocketIO:Rooms:TableName).')
param tableName string

@description('Blob container the Flex Consumption app is deployed from.')
param deploymentContainerName string

@description('Principal id of the gateway\'s identity: reads and writes the rooms table.')
param gatewayPrincipalId string

@description('Principal id of the function app\'s identity: host storage and deployment blobs, reads of the rooms table.')
param functionsPrincipalId string

@description('Principal id of the user running azd, given the same data access to inspect the rooms; empty for none.')
param userPrincipalId string = ''

@description('Principal type of userPrincipalId (ServicePrincipal when azd runs in a pipeline).')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param userPrincipalType string = 'User'

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2024-01-01' = {
  parent: storage
  name: 'default'
}

resource roomsTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2024-01-01' = {
  parent: tableService
  name: tableName
}

var grants = concat(
  [
    { principalId: gatewayPrincipalId, principalType: 'ServicePrincipal', role: roleIds.storageTableDataContributor }
    { principalId: functionsPrincipalId, principalType: 'ServicePrincipal', role: roleIds.storageTableDataReader }
    { principalId: functionsPrincipalId, principalType: 'ServicePrincipal', role: roleIds.storageBlobDataOwner }
  ],
  empty(userPrincipalId)
    ? []
    : [
        { principalId: userPrincipalId, principalType: userPrincipalType, role: roleIds.storageTableDataContributor }
        { principalId: userPrincipalId, principalType: userPrincipalType, role: roleIds.storageBlobDataOwner }
      ]
)

resource roleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for grant in grants: {
    scope: storage
    name: guid(storage.id, grant.principalId, grant.role)
    properties: {
      principalId: grant.principalId
      principalType: grant.principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', grant.role)
    }
  }
]

output name string = storage.name
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output queueEndpoint string = storage.properties.primaryEndpoints.queue
output tableEndpoint string = storage.properties.primaryEndpoints.table
output tableName string = roomsTable.name
output deploymentContainerUrl string = '${storage.properties.primaryEndpoints.blob}${deploymentContainer.name}'
