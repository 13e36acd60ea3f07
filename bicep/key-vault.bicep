// Key Vault holding the function app's Socket.IO connection string (the gateway's endpoint and access key), so the
// function app's setting is a Key Vault reference instead of the key in plain text. Azure RBAC, no access policies.

import { roleIds } from 'role-ids.bicep'

param name string
param location string
param tags object = {}

@description('Name of the secret holding the connection string.')
param secretName string

@secure()
@description('The connection string stored in the secret.')
param secretValue string

@description('Principal id of the identity that reads the secret (the function app\'s).')
param readerPrincipalId string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource secret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: secretName
  properties: {
    value: secretValue
    contentType: 'text/plain'
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: secret
  name: guid(secret.id, readerPrincipalId, roleIds.keyVaultSecretsUser)
  properties: {
    principalId: readerPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.keyVaultSecretsUser)
  }
}

output name string = vault.name
@description('The secret\'s URI without a version: the Key Vault reference follows the latest version.')
output secretUri string = secret.properties.secretUri
