// Key Vault (RBAC mode) holding the few real secrets: the Redis connection string, the Kafka SASL
// password, the trainer's bearer token and the function key of the trainer's callback. The Function App reads them through Key Vault references,
// the trainer through Container Apps Key Vault secrets; nobody reads them from a deployment output.

@description('Azure region.')
param location string

@description('Key Vault name (3-24 characters).')
@minLength(3)
@maxLength(24)
param name string

@description('Tags applied to every resource.')
param tags object

@description('Bearer token the Function App presents to the trainer.')
@secure()
@minLength(32)
param trainerToken string

@description('Function key the trainer sends on its completion callback.')
@secure()
@minLength(32)
param callbackFunctionKey string

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
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
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource trainerTokenSecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: 'trainer-token'
  properties: {
    value: trainerToken
    contentType: 'text/plain'
  }
}

resource callbackKeySecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: 'trainer-callback-key'
  properties: {
    value: callbackFunctionKey
    contentType: 'text/plain'
  }
}

output name string = vault.name
output id string = vault.id
output uri string = vault.properties.vaultUri
output trainerTokenSecretUri string = trainerTokenSecret.properties.secretUri
output callbackKeySecretUri string = callbackKeySecret.properties.secretUri
