// Name resolution for the internal Container Apps environment: a private zone named after the
// environment's default domain, a wildcard record to its static IP, linked to the virtual network the
// Function App integrates with.

@description('Default domain of the internal Container Apps environment.')
param zoneName string

@description('Static (internal load balancer) IP of the environment.')
param staticIp string

@description('Virtual network to link.')
param vnetId string

@description('Tags applied to every resource.')
param tags object

resource zone 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: zoneName
  location: 'global'
  tags: tags
}

resource wildcard 'Microsoft.Network/privateDnsZones/A@2024-06-01' = {
  parent: zone
  name: '*'
  properties: {
    ttl: 300
    aRecords: [
      {
        ipv4Address: staticIp
      }
    ]
  }
}

resource link 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = {
  parent: zone
  name: 'vnet-link'
  location: 'global'
  tags: tags
  properties: {
    virtualNetwork: {
      id: vnetId
    }
    registrationEnabled: false
  }
}
