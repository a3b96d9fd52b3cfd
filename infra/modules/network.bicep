// A private network the Function App joins (Flex Consumption VNet integration) and the trainer's
// internal Container Apps environment lives in. The trainer therefore has no public endpoint at all.

@description('Azure region.')
param location string

@description('Name stem shared by every resource of this deployment.')
param baseName string

@description('Tags applied to every resource.')
param tags object

@description('Address space of the virtual network.')
param addressPrefix string = '10.40.0.0/16'

@description('Subnet the Function App integrates with (outbound traffic to the trainer comes from here).')
param functionsSubnetPrefix string = '10.40.1.0/24'

@description('Subnet of the Container Apps environment (workload profiles need at least a /27).')
param trainerSubnetPrefix string = '10.40.2.0/23'

resource vnet 'Microsoft.Network/virtualNetworks@2025-05-01' = {
  name: 'vnet-${baseName}'
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        // Flex Consumption integrates through a subnet delegated to Microsoft.App/environments.
        name: 'snet-functions'
        properties: {
          addressPrefix: functionsSubnetPrefix
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
      {
        name: 'snet-trainer'
        properties: {
          addressPrefix: trainerSubnetPrefix
          delegations: [
            {
              name: 'container-apps'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
    ]
  }
}

output vnetId string = vnet.id
output vnetName string = vnet.name
output functionsSubnetId string = vnet.properties.subnets[0].id
output trainerSubnetId string = vnet.properties.subnets[1].id
output functionsSubnetPrefix string = functionsSubnetPrefix
