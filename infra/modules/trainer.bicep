// The GPU trainer: an internal (VNet-only) Container Apps environment with a serverless GPU workload
// profile, and one container app running the TorchSharp trainer image. Ingress is reachable only from
// inside the virtual network, and within it only from the Function App's integration subnet; every
// request must also carry the bearer token held in Key Vault.

@description('Azure region (must offer the chosen serverless GPU profile).')
param location string

@description('Name stem shared by every resource of this deployment.')
param baseName string

@description('Container app name (at most 32 characters).')
@maxLength(32)
param appName string

@description('Tags applied to every resource.')
param tags object

@description('Subnet of the environment (delegated to Microsoft.App/environments).')
param infrastructureSubnetId string

@description('Address range allowed to call the trainer (the Function App integration subnet).')
param allowedSourcePrefix string

@description('Log Analytics workspace that receives the environment logs.')
param logAnalyticsWorkspaceName string

@description('Serverless GPU workload profile type.')
@allowed([
  'Consumption-GPU-NC8as-T4'
  'Consumption-GPU-NC24-A100'
])
param gpuProfileType string = 'Consumption-GPU-NC8as-T4'

@description('Trainer image, e.g. myacr.azurecr.io/funcrec-trainer:1.0. Empty: a public placeholder until the first `az acr build`.')
param image string = ''

@description('Port the trainer listens on.')
param targetPort int = 8080

@description('Registry login server the image is pulled from with the trainer identity.')
param registryServer string

@description('User-assigned identity of the trainer (AcrPull, blob access, Key Vault secrets).')
param identityId string

@description('Client id of that identity, for DefaultAzureCredential inside the container.')
param identityClientId string

@description('Key Vault secret URI of the bearer token.')
param tokenSecretUri string

@description('Key Vault secret URI of the function key sent on completion callbacks.')
param callbackKeySecretUri string

@description('Blob endpoint of the storage account holding models and segments.')
param blobServiceUri string

@description('Blob containers: models, segments, operations.')
param modelsContainer string
param segmentsContainer string
param operationsContainer string

@description('Seconds without requests before the trainer scales to zero. Jobs run in the background after POST /jobs returns, so this must exceed the interval at which the update orchestration polls job status.')
@minValue(300)
param cooldownSeconds int = 900

@description('Most trainer replicas at once (each holds one GPU).')
@minValue(1)
@maxValue(10)
param maxReplicas int = 1

var placeholderImage = 'mcr.microsoft.com/k8se/quickstart:latest'
var usePlaceholder = empty(image)
var gpuProfileName = 'gpu'
// Whole-GPU serverless profiles: the container may take up to the profile's vCPU and memory.
var gpuResources = gpuProfileType == 'Consumption-GPU-NC24-A100'
  ? {
      cpu: json('24')
      memory: '220Gi'
    }
  : {
      cpu: json('8')
      memory: '56Gi'
    }

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-07-01' existing = {
  name: logAnalyticsWorkspaceName
}

resource environment 'Microsoft.App/managedEnvironments@2025-07-01' = {
  name: 'cae-${baseName}'
  location: location
  tags: tags
  properties: {
    vnetConfiguration: {
      infrastructureSubnetId: infrastructureSubnetId
      internal: true
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
      {
        name: gpuProfileName
        workloadProfileType: gpuProfileType
      }
    ]
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: workspace.properties.customerId
        sharedKey: workspace.listKeys().primarySharedKey
      }
    }
    zoneRedundant: false
  }
}

resource trainer 'Microsoft.App/containerApps@2025-07-01' = {
  name: appName
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: environment.id
    workloadProfileName: gpuProfileName
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        // In an internal environment "external" means reachable from the virtual network, not the internet.
        external: true
        targetPort: usePlaceholder ? 80 : targetPort
        transport: 'http'
        allowInsecure: false
        ipSecurityRestrictions: [
          {
            name: 'function-app-subnet'
            description: 'Only the Function App (VNet integration subnet) may call the trainer.'
            action: 'Allow'
            ipAddressRange: allowedSourcePrefix
          }
        ]
      }
      registries: [
        {
          server: registryServer
          identity: identityId
        }
      ]
      secrets: [
        {
          name: 'trainer-token'
          keyVaultUrl: tokenSecretUri
          identity: identityId
        }
        {
          name: 'callback-key'
          keyVaultUrl: callbackKeySecretUri
          identity: identityId
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'trainer'
          image: usePlaceholder ? placeholderImage : image
          resources: gpuResources
          env: [
            {
              name: 'ASPNETCORE_HTTP_PORTS'
              value: string(targetPort)
            }
            {
              name: 'AZURE_CLIENT_ID'
              value: identityClientId
            }
            {
              name: 'TrainerAuth__BearerToken'
              secretRef: 'trainer-token'
            }
            {
              // Sent as x-functions-key: TrainingCallback is a Function-level route.
              name: 'TrainerCallback__FunctionKey'
              secretRef: 'callback-key'
            }
            {
              name: 'BlobStorage__ConnectionString'
              value: ''
            }
            {
              name: 'BlobStorage__ServiceUri'
              value: blobServiceUri
            }
            {
              name: 'BlobStorage__ModelsContainer'
              value: modelsContainer
            }
            {
              name: 'BlobStorage__SegmentsContainer'
              value: segmentsContainer
            }
            {
              name: 'BlobStorage__OperationsContainer'
              value: operationsContainer
            }
          ]
        }
      ]
      scale: {
        // Scale to zero between jobs: a GPU is billed only while a job runs.
        minReplicas: 0
        maxReplicas: maxReplicas
        cooldownPeriod: cooldownSeconds
        rules: [
          {
            name: 'http-jobs'
            http: {
              metadata: {
                concurrentRequests: '1'
              }
            }
          }
        ]
      }
    }
  }
}

output environmentName string = environment.name
output environmentDefaultDomain string = environment.properties.defaultDomain
output environmentStaticIp string = environment.properties.staticIp
output appName string = trainer.name
output fqdn string = trainer.properties.configuration.ingress.fqdn
output baseUrl string = 'https://${trainer.properties.configuration.ingress.fqdn}'
