// The image an existing container app runs, so a new `azd provision` keeps the image `azd deploy` put there
// instead of going back to the placeholder.

param name string

resource app 'Microsoft.App/containerApps@2024-03-01' existing = {
  name: name
}

output image string = app.properties.template.containers[0].image
