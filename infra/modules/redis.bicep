// The online feature store: Azure Managed Redis (Microsoft.Cache/redisEnterprise, the default) or
// Azure Cache for Redis (Microsoft.Cache/redis). Either way the StackExchange.Redis connection string,
// access key included, is written straight into Key Vault and never appears in an output.

@description('Azure region.')
param location string

@description('Cache name.')
param name string

@description('Tags applied to every resource.')
param tags object

@description('managed: Azure Managed Redis; cache: Azure Cache for Redis.')
@allowed([
  'managed'
  'cache'
])
param kind string = 'managed'

@description('Azure Managed Redis SKU (kind = managed), e.g. Balanced_B0, Balanced_B1, MemoryOptimized_M10.')
param managedSku string = 'Balanced_B1'

@description('Azure Cache for Redis SKU (kind = cache).')
@allowed([
  'Basic'
  'Standard'
  'Premium'
])
param cacheSku string = 'Standard'

@description('Azure Cache for Redis capacity (C0-C6, or P1-P5 for Premium).')
@minValue(0)
@maxValue(6)
param cacheCapacity int = 1

@description('Key Vault that receives the connection string as secret "redis-connection-string".')
param keyVaultName string

resource managed 'Microsoft.Cache/redisEnterprise@2025-04-01' = if (kind == 'managed') {
  name: name
  location: location
  tags: tags
  sku: {
    name: managedSku
  }
  properties: {
    minimumTlsVersion: '1.2'
    highAvailability: 'Enabled'
  }
}

resource managedDb 'Microsoft.Cache/redisEnterprise/databases@2025-04-01' = if (kind == 'managed') {
  parent: managed
  name: 'default'
  properties: {
    clientProtocol: 'Encrypted'
    port: 10000
    // EnterpriseCluster keeps a single endpoint, so multi-key commands from a non-cluster client work.
    clusteringPolicy: 'EnterpriseCluster'
    // Features and pending-update counters must not disappear silently under memory pressure.
    evictionPolicy: 'NoEviction'
    accessKeysAuthentication: 'Enabled'
  }
}

resource cache 'Microsoft.Cache/redis@2024-11-01' = if (kind == 'cache') {
  name: name
  location: location
  tags: tags
  properties: {
    sku: {
      name: cacheSku
      family: cacheSku == 'Premium' ? 'P' : 'C'
      capacity: cacheCapacity
    }
    enableNonSslPort: false
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
    redisConfiguration: {
      'maxmemory-policy': 'noeviction'
    }
  }
}

var hostName = kind == 'managed' ? managed!.properties.hostName : cache!.properties.hostName
var port = kind == 'managed' ? 10000 : 6380
var accessKey = kind == 'managed' ? managedDb!.listKeys().primaryKey : cache!.listKeys().primaryKey

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' existing = {
  name: keyVaultName
}

resource connectionSecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: 'redis-connection-string'
  properties: {
    value: '${hostName}:${port},password=${accessKey},ssl=True,abortConnect=False'
    contentType: 'text/plain'
  }
}

output hostName string = hostName
output port int = port
output connectionSecretUri string = connectionSecret.properties.secretUri
