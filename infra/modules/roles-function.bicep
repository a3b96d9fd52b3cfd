// Role assignments of the Function App identity, each named guid(scope, principal, role) so that
// redeployments are idempotent.

@description('Principal id of the Function App system-assigned identity.')
param functionPrincipalId string

@description('Storage account name.')
param storageAccountName string

@description('Event Hubs namespace name; empty when an external Kafka is used.')
param eventHubsNamespaceName string

@description('Key Vault name.')
param keyVaultName string

@description('Application Insights component name.')
param appInsightsName string

// Built-in role definition ids.
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  eventHubsDataReceiver: 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde'
  eventHubsDataSender: '2b629674-e913-4c01-ae53-ef4638d8f975'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

resource eventHubs 'Microsoft.EventHub/namespaces@2026-01-01' existing = if (!empty(eventHubsNamespaceName)) {
  name: eventHubsNamespaceName
}

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' existing = {
  name: keyVaultName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

// Function App: the host's own storage (blobs incl. the deployment package and Durable leases,
// queues and tables of the task hub) is identity-based, so it needs all three data roles.
var functionStorageRoles = [
  roles.storageBlobDataOwner
  roles.storageQueueDataContributor
  roles.storageTableDataContributor
]

resource functionStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in functionStorageRoles: {
    name: guid(storage.id, functionPrincipalId, role)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
      principalId: functionPrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

var functionEventHubsRoles = [
  roles.eventHubsDataReceiver
  roles.eventHubsDataSender
]

resource functionEventHubs 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in functionEventHubsRoles: if (!empty(eventHubsNamespaceName)) {
    name: guid(eventHubs.id, functionPrincipalId, role)
    scope: eventHubs
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
      principalId: functionPrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource functionSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, functionPrincipalId, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource functionTelemetry 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, functionPrincipalId, roles.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
  }
}
