// One StorageV2 account: the Functions host (AzureWebJobsStorage, Durable task hub queues/tables/blobs),
// the Flex Consumption deployment package, and FuncRec's own containers. Shared keys are off: every
// client authenticates with Entra ID (managed identities), so no connection string exists to leak.

@description('Azure region.')
param location string

@description('Storage account name (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Tags applied to every resource.')
param tags object

@description('Blob container for model versions and CURRENT pointers (BlobStorage__ModelsContainer).')
param modelsContainer string

@description('Blob container for training segments (BlobStorage__SegmentsContainer).')
param segmentsContainer string

@description('Blob container for trainer job state and dead letters (BlobStorage__OperationsContainer).')
param operationsContainer string

@description('Blob container the Flex Consumption plan deploys the app package from.')
param deploymentContainer string

@description('Durable Functions task hub name; its lease and large-message containers are created up front.')
param taskHubName string

resource account 'Microsoft.Storage/storageAccounts@2025-06-01' = {
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

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: account
  name: 'default'
  properties: {
    // Checkpoints are the product: keep deleted blobs and containers recoverable for a week.
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}

// Durable Functions (Azure Storage provider) creates '<hub>-leases' and '<hub>-largemessages' itself;
// creating them here only makes the layout visible and lets a locked-down account work from day one.
var containerNames = [
  modelsContainer
  segmentsContainer
  operationsContainer
  deploymentContainer
  '${toLower(taskHubName)}-leases'
  '${toLower(taskHubName)}-largemessages'
]

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = [
  for container in containerNames: {
    parent: blobService
    name: container
    properties: {
      publicAccess: 'None'
    }
  }
]

output name string = account.name
output id string = account.id
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output tableEndpoint string = account.properties.primaryEndpoints.table
