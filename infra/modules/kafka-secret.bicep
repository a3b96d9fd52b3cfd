// Stores the Kafka SASL password in Key Vault: for Event Hubs the namespace connection string of the
// Function App's SAS rule (read with listKeys here, so it never leaves the deployment engine), for an
// external cluster the password passed in.

@description('Key Vault that receives the secret.')
param keyVaultName string

@description('True: read the password from this Event Hubs namespace SAS rule; false: use externalPassword.')
param useEventHubs bool

@description('Event Hubs namespace name (when useEventHubs).')
param eventHubsNamespaceName string = ''

@description('SAS rule on the namespace (when useEventHubs).')
param eventHubsRuleName string = ''

@description('SASL password of the external Kafka cluster (when not useEventHubs); empty for no SASL.')
@secure()
param externalPassword string = ''

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' existing = {
  name: keyVaultName
}

resource rule 'Microsoft.EventHub/namespaces/authorizationRules@2026-01-01' existing = if (useEventHubs) {
  name: '${eventHubsNamespaceName}/${eventHubsRuleName}'
}

// A plaintext external cluster has no password, and Key Vault takes no empty secrets: then nothing is stored.
var storesSecret = useEventHubs || !empty(externalPassword)

resource secret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = if (storesSecret) {
  parent: vault
  name: 'kafka-sasl-password'
  properties: {
    value: useEventHubs ? rule!.listKeys().primaryConnectionString : externalPassword
    contentType: 'text/plain'
  }
}

output secretUri string = storesSecret ? secret!.properties.secretUri : ''
