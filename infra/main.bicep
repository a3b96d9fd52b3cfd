// FuncRec on Azure: Kafka (Event Hubs' Kafka endpoint or an external cluster) -> Functions on Flex
// Consumption (.NET 10 isolated) -> Redis features + blob segments -> Durable update orchestration ->
// GPU trainer on serverless Container Apps -> versioned checkpoints in blob storage -> HTTP scoring.
//
//   az deployment group create -g <rg> -f infra/main.bicep -p infra/main.bicepparam
//
// Application settings use the same Section__Key names as local.settings.sample.json and the options
// classes (Redis__*, BlobStorage__*, Kafka__*, Trainer__*), plus the flat FUNCREC_* names that trigger
// attributes bind to (binding expressions cannot resolve names containing "__"). See docs/deploy.md.
targetScope = 'resourceGroup'

@description('Azure region for every resource; it must offer Flex Consumption and the chosen serverless GPU profile.')
param location string = resourceGroup().location

@description('Short environment name of lowercase letters and digits, part of every resource name (e.g. dev, prod).')
@minLength(2)
@maxLength(8)
param environmentName string

@description('Tags applied to every resource.')
param tags object = {}

// ---- Kafka -------------------------------------------------------------------------------------------
@description('True: create an Event Hubs namespace and use its Kafka endpoint. False: use the external Kafka below.')
param useEventHubs bool = true

@description('External Kafka bootstrap servers (useEventHubs = false).')
param externalKafkaBootstrapServers string = ''

@description('External Kafka SASL username (useEventHubs = false; SASL_SSL + PLAIN). Empty: plaintext, no SASL.')
param externalKafkaSaslUsername string = ''

@description('External Kafka SASL password (useEventHubs = false).')
@secure()
param externalKafkaSaslPassword string = ''

@description('Kafka topics (Kafka__BehaviorTopic, Kafka__CatalogTopic, Kafka__DeadLetterTopic).')
param behaviorTopic string = 'funcrec.behavior'
param catalogTopic string = 'funcrec.catalog'
param deadLetterTopic string = 'funcrec.deadletter'

@description('Kafka consumer group of the ingest functions (Kafka__ConsumerGroup).')
param consumerGroup string = 'funcrec-ingest'

@description('Partitions per Event Hubs topic (upper bound on ingest parallelism per topic).')
@minValue(1)
@maxValue(32)
param eventHubsPartitionCount int = 8

// ---- Redis -------------------------------------------------------------------------------------------
@description('managed: Azure Managed Redis (redisEnterprise); cache: Azure Cache for Redis.')
@allowed([
  'managed'
  'cache'
])
param redisKind string = 'managed'

@description('Azure Managed Redis SKU (redisKind = managed).')
param redisManagedSku string = 'Balanced_B1'

@description('Prefix of every Redis key this deployment writes (Redis__KeyPrefix).')
param redisKeyPrefix string = 'fr:'

// ---- Functions ---------------------------------------------------------------------------------------
@description('Durable Functions task hub (TASKHUB_NAME): letters and digits, starting with a letter.')
@minLength(3)
@maxLength(45)
param taskHubName string = 'FuncRecHub'

@description('NCRONTAB schedule of the PolicyTick timer function (six fields, UTC).')
param policyTickSchedule string = '0 */5 * * * *'

@description('Always-ready instances for the HTTP scoring functions; 0 lets them scale to zero.')
@minValue(0)
param httpAlwaysReady int = 1

@description('Most Function App instances.')
@minValue(40)
@maxValue(1000)
param functionMaximumInstanceCount int = 100

// ---- Trainer -----------------------------------------------------------------------------------------
@description('Serverless GPU workload profile of the trainer.')
@allowed([
  'Consumption-GPU-NC8as-T4'
  'Consumption-GPU-NC24-A100'
])
param trainerGpuProfile string = 'Consumption-GPU-NC8as-T4'

@description('Trainer image (<registry>.azurecr.io/funcrec-trainer:<tag>); empty deploys a placeholder until the first az acr build.')
param trainerImage string = ''

@description('Port the trainer listens on.')
param trainerPort int = 8080

@description('Bearer token shared by the Function App and the trainer (at least 32 characters), e.g. openssl rand -hex 32.')
@secure()
@minLength(32)
param trainerToken string

@description('Function key the trainer sends (x-functions-key) on its completion callback to TrainingCallback (at least 32 characters), e.g. openssl rand -hex 32. Created as the host key trainer-callback.')
@secure()
@minLength(32)
param callbackFunctionKey string

// ---- Names -------------------------------------------------------------------------------------------
var suffix = take(uniqueString(subscription().id, resourceGroup().id, environmentName), 6)
var baseName = 'funcrec-${environmentName}-${suffix}'
// Storage, Key Vault and registry names allow letters and digits only (and at most 24 characters).
var compactToken = '${toLower(environmentName)}${suffix}'
var allTags = union(tags, {
  application: 'funcrec'
  environment: environmentName
})
var names = {
  storage: take('stfuncrec${compactToken}', 24)
  keyVault: take('kvfuncrec${compactToken}', 24)
  registry: 'crfuncrec${compactToken}'
  eventHubs: 'evhns-${baseName}'
  eventHubsRule: 'funcrec-functions'
  workspace: 'log-${baseName}'
  appInsights: 'appi-${baseName}'
  redis: 'redis-${baseName}'
  functionApp: 'func-${baseName}'
  // Container app names are limited to 32 characters.
  trainerApp: 'ca-trainer-${toLower(environmentName)}-${suffix}'
}
var containers = {
  models: 'funcrec-models'
  segments: 'funcrec-segments'
  operations: 'funcrec-ops'
  deployment: 'app-package'
}

// ---- Shared foundations ------------------------------------------------------------------------------
module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    tags: allTags
  }
}

module network 'modules/network.bicep' = {
  name: 'network'
  params: {
    location: location
    baseName: baseName
    tags: allTags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    name: names.storage
    tags: allTags
    modelsContainer: containers.models
    segmentsContainer: containers.segments
    operationsContainer: containers.operations
    deploymentContainer: containers.deployment
    taskHubName: taskHubName
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    name: names.keyVault
    tags: allTags
    trainerToken: trainerToken
    callbackFunctionKey: callbackFunctionKey
  }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  params: {
    location: location
    name: names.registry
    tags: allTags
  }
}

// ---- Kafka -------------------------------------------------------------------------------------------
module eventHubs 'modules/eventhubs.bicep' = if (useEventHubs) {
  name: 'eventhubs'
  params: {
    location: location
    name: names.eventHubs
    tags: allTags
    topics: [
      behaviorTopic
      catalogTopic
      deadLetterTopic
    ]
    consumerGroup: consumerGroup
    partitionCount: eventHubsPartitionCount
    functionsRuleName: names.eventHubsRule
  }
}

module kafkaSecret 'modules/kafka-secret.bicep' = {
  name: 'kafka-secret'
  dependsOn: [
    keyVault
    eventHubs
  ]
  params: {
    keyVaultName: names.keyVault
    useEventHubs: useEventHubs
    eventHubsNamespaceName: useEventHubs ? names.eventHubs : ''
    eventHubsRuleName: useEventHubs ? names.eventHubsRule : ''
    externalPassword: externalKafkaSaslPassword
  }
}

var kafkaBootstrapServers = useEventHubs ? eventHubs!.outputs.bootstrapServers : externalKafkaBootstrapServers
// Event Hubs' Kafka endpoint takes the literal user name "$ConnectionString" with the connection string as password.
var kafkaSaslUsername = useEventHubs ? '$ConnectionString' : externalKafkaSaslUsername
var kafkaUsesSasl = !empty(kafkaSaslUsername)
var kafkaPasswordSetting = empty(kafkaSecret.outputs.secretUri) ? '' : keyVaultReference(kafkaSecret.outputs.secretUri)

// ---- Redis -------------------------------------------------------------------------------------------
module redis 'modules/redis.bicep' = {
  name: 'redis'
  dependsOn: [
    keyVault
  ]
  params: {
    location: location
    name: names.redis
    tags: allTags
    kind: redisKind
    managedSku: redisManagedSku
    keyVaultName: names.keyVault
  }
}

// ---- Trainer -----------------------------------------------------------------------------------------
resource trainerIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-${baseName}-trainer'
  location: location
  tags: allTags
}

module trainerRoles 'modules/roles-trainer.bicep' = {
  name: 'roles-trainer'
  dependsOn: [
    storage
    registry
    keyVault
  ]
  params: {
    // Role assignment names include the principal id (a runtime value) on purpose: a recreated identity
    // gets new assignments instead of a conflict with the old ones.
    #disable-next-line what-if-short-circuiting
    trainerPrincipalId: trainerIdentity.properties.principalId
    storageAccountName: names.storage
    registryName: names.registry
    keyVaultName: names.keyVault
  }
}

module trainer 'modules/trainer.bicep' = {
  name: 'trainer'
  dependsOn: [
    trainerRoles
    monitoring
  ]
  params: {
    location: location
    baseName: baseName
    appName: names.trainerApp
    tags: allTags
    infrastructureSubnetId: network.outputs.trainerSubnetId
    allowedSourcePrefix: network.outputs.functionsSubnetPrefix
    logAnalyticsWorkspaceName: names.workspace
    gpuProfileType: trainerGpuProfile
    image: trainerImage
    targetPort: trainerPort
    registryServer: registry.outputs.loginServer
    identityId: trainerIdentity.id
    identityClientId: trainerIdentity.properties.clientId
    tokenSecretUri: keyVault.outputs.trainerTokenSecretUri
    callbackKeySecretUri: keyVault.outputs.callbackKeySecretUri
    blobServiceUri: storage.outputs.blobEndpoint
    modelsContainer: containers.models
    segmentsContainer: containers.segments
    operationsContainer: containers.operations
  }
}

module trainerDns 'modules/private-dns.bicep' = {
  name: 'trainer-dns'
  params: {
    // The zone is named after the environment's generated default domain, known only once it exists.
    #disable-next-line what-if-short-circuiting
    zoneName: trainer.outputs.environmentDefaultDomain
    staticIp: trainer.outputs.environmentStaticIp
    vnetId: network.outputs.vnetId
    tags: allTags
  }
}

// ---- Function App ------------------------------------------------------------------------------------
func keyVaultReference(secretUri string) string => '@Microsoft.KeyVault(SecretUri=${secretUri})'

// Options sections, same keys as local.settings.sample.json.
var optionSettings = {
  APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.appInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'
  TASKHUB_NAME: taskHubName
  Redis__ConnectionString: keyVaultReference(redis.outputs.connectionSecretUri)
  Redis__KeyPrefix: redisKeyPrefix
  // Empty connection string + ServiceUri: the app authenticates to blob storage with its identity.
  BlobStorage__ConnectionString: ''
  BlobStorage__ServiceUri: storage.outputs.blobEndpoint
  BlobStorage__ModelsContainer: containers.models
  BlobStorage__SegmentsContainer: containers.segments
  BlobStorage__OperationsContainer: containers.operations
  Kafka__BootstrapServers: kafkaBootstrapServers
  Kafka__BehaviorTopic: behaviorTopic
  Kafka__CatalogTopic: catalogTopic
  Kafka__DeadLetterTopic: deadLetterTopic
  Kafka__ConsumerGroup: consumerGroup
  Kafka__SaslUsername: kafkaSaslUsername
  Kafka__SaslPassword: kafkaPasswordSetting
  Updates__Trainer__BaseUrl: trainer.outputs.baseUrl
  Updates__Trainer__BearerToken: keyVaultReference(keyVault.outputs.trainerTokenSecretUri)
  PolicyTick__Schedule: policyTickSchedule
}

// Flat names for trigger attributes ("%FUNCREC_KAFKA_BROKERS%"): the host and the scale controller
// resolve binding expressions by exact setting name, which cannot contain "__".
var bindingSettings = {
  FUNCREC_KAFKA_BROKERS: kafkaBootstrapServers
  FUNCREC_KAFKA_BEHAVIOR_TOPIC: behaviorTopic
  FUNCREC_KAFKA_CATALOG_TOPIC: catalogTopic
  FUNCREC_KAFKA_CONSUMER_GROUP: consumerGroup
  FUNCREC_KAFKA_USERNAME: kafkaSaslUsername
  FUNCREC_KAFKA_PASSWORD: kafkaPasswordSetting
  FUNCREC_POLICY_TICK_SCHEDULE: policyTickSchedule
  FUNCREC_MODELS_CONTAINER: containers.models
}

// The Kafka trigger's security protocol is a compile-time enum, so each ingest function exists twice
// (SASL_SSL and plaintext); exactly one of each pair runs.
var disabledSettings = kafkaUsesSasl
  ? {
      'AzureWebJobs.IngestBehaviorPlaintext.Disabled': 'true'
      'AzureWebJobs.IngestCatalogPlaintext.Disabled': 'true'
    }
  : {
      'AzureWebJobs.IngestBehavior.Disabled': 'true'
      'AzureWebJobs.IngestCatalog.Disabled': 'true'
    }

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  dependsOn: [
    trainerDns
  ]
  params: {
    location: location
    baseName: baseName
    name: names.functionApp
    tags: allTags
    storageAccountName: storage.outputs.name
    blobEndpoint: storage.outputs.blobEndpoint
    deploymentContainer: containers.deployment
    subnetId: network.outputs.functionsSubnetId
    maximumInstanceCount: functionMaximumInstanceCount
    httpAlwaysReady: httpAlwaysReady
    appSettings: union(optionSettings, bindingSettings, disabledSettings)
    callbackFunctionKey: callbackFunctionKey
  }
}

module functionRoles 'modules/roles-function.bicep' = {
  name: 'roles-function'
  params: {
    // Principal ids are runtime values by nature; see trainerRoles.
    #disable-next-line what-if-short-circuiting
    functionPrincipalId: functionApp.outputs.principalId
    storageAccountName: names.storage
    eventHubsNamespaceName: useEventHubs ? names.eventHubs : ''
    keyVaultName: names.keyVault
    appInsightsName: names.appInsights
  }
}

// ---- Outputs -----------------------------------------------------------------------------------------
output functionAppName string = functionApp.outputs.name
output functionBaseUrl string = 'https://${functionApp.outputs.defaultHostName}/api'
output storageAccountName string = storage.outputs.name
output registryName string = registry.outputs.name
output registryLoginServer string = registry.outputs.loginServer
output keyVaultName string = keyVault.outputs.name
output trainerAppName string = trainer.outputs.appName
output trainerBaseUrl string = trainer.outputs.baseUrl
output kafkaBootstrapServers string = kafkaBootstrapServers
output redisHostName string = redis.outputs.hostName
output eventHubsNamespaceName string = useEventHubs ? eventHubs!.outputs.name : ''
