// Event Hubs namespace used through its Kafka endpoint (<namespace>.servicebus.windows.net:9093,
// SASL_SSL + PLAIN, username "$ConnectionString"). Standard tier or above exposes the Kafka surface.
// Each Kafka topic is an event hub of the same name.

@description('Azure region.')
param location string

@description('Event Hubs namespace name (6-50 characters).')
@minLength(6)
@maxLength(50)
param name string

@description('Tags applied to every resource.')
param tags object

@description('Kafka topics to create as event hubs.')
param topics array

@description('Kafka consumer group of the ingest functions. Event Hubs also creates Kafka groups on first use; this one is created up front so it shows in the portal and can be reset.')
param consumerGroup string

@description('Partitions per topic: the ingest functions scale out to at most this many instances per topic.')
@minValue(1)
@maxValue(32)
param partitionCount int = 8

@description('Days each event hub retains events (the replay window for a full retrain from Kafka).')
@minValue(1)
@maxValue(7)
param retentionDays int = 7

@description('Name of the SAS rule (Listen + Send) the Function App authenticates with.')
param functionsRuleName string

@description('Standard or Premium (Basic has no Kafka endpoint).')
@allowed([
  'Standard'
  'Premium'
])
param sku string = 'Standard'

@description('Throughput or processing units.')
@minValue(1)
param capacity int = 1

resource namespace 'Microsoft.EventHub/namespaces@2026-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
    tier: sku
    capacity: capacity
  }
  properties: {
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
    // SASL PLAIN over the Kafka endpoint authenticates with a SAS connection string.
    disableLocalAuth: false
    isAutoInflateEnabled: false
  }
}

resource hubs 'Microsoft.EventHub/namespaces/eventhubs@2026-01-01' = [
  for topic in topics: {
    parent: namespace
    name: topic
    properties: {
      partitionCount: partitionCount
      messageRetentionInDays: retentionDays
    }
  }
]

resource consumerGroups 'Microsoft.EventHub/namespaces/eventhubs/consumergroups@2026-01-01' = [
  for (topic, i) in topics: {
    parent: hubs[i]
    name: consumerGroup
    properties: {}
  }
]

// One SAS rule for the Function App: it consumes behaviour/catalog and produces dead letters.
resource functionsRule 'Microsoft.EventHub/namespaces/authorizationRules@2026-01-01' = {
  parent: namespace
  name: functionsRuleName
  properties: {
    rights: [
      'Listen'
      'Send'
    ]
  }
}

output name string = namespace.name
output id string = namespace.id
output bootstrapServers string = '${namespace.name}.servicebus.windows.net:9093'
output functionsRuleName string = functionsRule.name
