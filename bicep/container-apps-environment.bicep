// The Container Apps environment the gateway runs in (Consumption workload profile). Its logs go to Azure Monitor
// and from there to the Log Analytics workspace through a diagnostic setting: no workspace key is handed around.

param name string
param location string
param tags object = {}

@description('Name of the Log Analytics workspace (in this resource group) that receives the logs.')
param logAnalyticsName string

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: logAnalyticsName
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'azure-monitor'
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
    ]
  }
}

resource logs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: environment
  name: 'logs-to-workspace'
  properties: {
    workspaceId: logAnalytics.id
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
  }
}

output name string = environment.name
output id string = environment.id
@description('The environment\'s DNS suffix: an app named X answers at https://X.<defaultDomain>.')
output defaultDomain string = environment.properties.defaultDomain
