// The Function App on a Flex Consumption plan (Linux, .NET 10 isolated worker), with a system-assigned
// identity that reaches storage, Event Hubs, Key Vault and Application Insights without keys, and
// VNet integration so it can call the internal trainer.

@description('Azure region (must offer Flex Consumption).')
param location string

@description('Name stem shared by every resource of this deployment.')
param baseName string

@description('Function App name (globally unique host name).')
param name string

@description('Tags applied to every resource.')
param tags object

@description('Storage account name behind AzureWebJobsStorage (identity-based).')
param storageAccountName string

@description('Blob endpoint of that account, for the deployment container.')
param blobEndpoint string

@description('Container the Flex plan deploys the app package from.')
param deploymentContainer string

@description('Subnet for VNet integration (delegated to Microsoft.App/environments).')
param subnetId string

@description('Most instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory of each instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Always-ready instances for the HTTP group (scoring latency without cold starts); 0 to scale to zero.')
@minValue(0)
param httpAlwaysReady int = 1

@description('Application settings (name -> value); Key Vault references allowed.')
param appSettings object

@description('Value of the host key trainer-callback, which the trainer sends on its completion callback.')
@secure()
@minLength(32)
param callbackFunctionKey string

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: 'plan-${baseName}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    virtualNetworkSubnetId: subnetId
    keyVaultReferenceIdentity: 'SystemAssigned'
    siteConfig: {
      minTlsVersion: '1.2'
      http20Enabled: true
      // Flex Consumption takes the worker runtime from functionAppConfig.runtime, so neither
      // FUNCTIONS_WORKER_RUNTIME nor FUNCTIONS_EXTENSION_VERSION is set here.
      appSettings: [
        for setting in items(union(appSettings, {
          AzureWebJobsStorage__accountName: storageAccountName
          AzureWebJobsStorage__credential: 'managedidentity'
        })): {
          name: setting.key
          value: setting.value
        }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainer}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        alwaysReady: httpAlwaysReady > 0
          ? [
              {
                name: 'http'
                instanceCount: httpAlwaysReady
              }
            ]
          : []
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// The host key API (Web Apps "Create Or Update Host Secret", PUT .../sites/{name}/host/default/functionkeys/{key})
// has no Bicep type definitions in this CLI; the resources deploy through ARM all the same.
#disable-next-line BCP081
resource functionsHost 'Microsoft.Web/sites/host@2024-04-01' existing = {
  parent: site
  name: 'default'
}

// A host key of its own, so it can be rotated (redeploy with a new FUNCREC_CALLBACK_KEY) without touching other callers.
#disable-next-line BCP081
resource callbackKey 'Microsoft.Web/sites/host/functionKeys@2024-04-01' = {
  parent: functionsHost
  name: 'trainer-callback'
  properties: {
    name: 'trainer-callback'
    value: callbackFunctionKey
  }
}

output name string = site.name
output id string = site.id
output principalId string = site.identity.principalId
output defaultHostName string = site.properties.defaultHostName
