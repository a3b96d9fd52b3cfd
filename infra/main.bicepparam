// Parameters of a FuncRec environment. Secrets come from the environment of the shell that runs
// `az deployment group create`, never from this file:
//   export FUNCREC_TRAINER_TOKEN=$(openssl rand -hex 32)
//   export FUNCREC_CALLBACK_KEY=$(openssl rand -hex 32)
//   export FUNCREC_KAFKA_SASL_PASSWORD=...   (only with useEventHubs = false and a SASL cluster)
using 'main.bicep'

param environmentName = readEnvironmentVariable('FUNCREC_ENVIRONMENT', 'dev')

param tags = {
  owner: 'funcrec'
}

// Event Hubs' Kafka endpoint. For an external cluster (e.g. Confluent Cloud) set useEventHubs = false
// and fill in the three external* values.
param useEventHubs = true
param externalKafkaBootstrapServers = ''
param externalKafkaSaslUsername = ''
param externalKafkaSaslPassword = readEnvironmentVariable('FUNCREC_KAFKA_SASL_PASSWORD', '')

param behaviorTopic = 'funcrec.behavior'
param catalogTopic = 'funcrec.catalog'
param deadLetterTopic = 'funcrec.deadletter'
param consumerGroup = 'funcrec-ingest'
param eventHubsPartitionCount = 8

param redisKind = 'managed'
param redisManagedSku = 'Balanced_B1'
param redisKeyPrefix = 'fr:'

param taskHubName = 'FuncRecHub'
param policyTickSchedule = '0 */5 * * * *'
param httpAlwaysReady = 1

param trainerGpuProfile = 'Consumption-GPU-NC8as-T4'
// Empty on the first deployment (placeholder image); then <registry>.azurecr.io/funcrec-trainer:<tag>.
param trainerImage = readEnvironmentVariable('FUNCREC_TRAINER_IMAGE', '')
param trainerPort = 8080
param trainerToken = readEnvironmentVariable('FUNCREC_TRAINER_TOKEN')
param callbackFunctionKey = readEnvironmentVariable('FUNCREC_CALLBACK_KEY')
