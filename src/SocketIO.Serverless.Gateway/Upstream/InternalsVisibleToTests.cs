using System.Runtime.CompilerServices;

// Unit tests of single classes (filter parser, token reader) reach the internals of the upstream and management API.
[assembly: InternalsVisibleTo("SocketIO.Serverless.Gateway.Tests")]
