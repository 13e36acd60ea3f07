// The container registry azd builds the gateway's image in (docker.remoteBuild) and the gateway pulls it from with
// its managed identity (AcrPull): no admin user, no registry password anywhere.

import { roleIds } from 'role-ids.bicep'

param name string
param location string
param tags object = {}

@description('Principal id of the identity that pulls images (the gateway\'s).')
param pullPrincipalId string

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Basic'
  }
  properties: {
    adminUserEnabled: false
    publicNetworkAccess: 'Enabled'
  }
}

resource acrPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: registry
  name: guid(registry.id, pullPrincipalId, roleIds.acrPull)
  properties: {
    principalId: pullPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.acrPull)
  }
}

output name string = registry.name
output loginServer string = registry.properties.loginServer
