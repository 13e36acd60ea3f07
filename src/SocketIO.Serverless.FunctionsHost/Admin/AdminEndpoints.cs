using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SocketIO.Serverless.FunctionsHost.Worker;

namespace SocketIO.Serverless.FunctionsHost.Admin;

/// <summary>The admin API subset of the Functions host that tools poll: host status and the function list.</summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/admin/host/status", (HostState state) =>
        {
            var worker = state.Current;
            var body = new HostStatusResponse(
                Id: Environment.MachineName.ToLowerInvariant(),
                State: state.Status.ToString(),
                Version: WorkerSupervisor.HostVersion,
                ProcessUptime: (long)(DateTimeOffset.UtcNow - state.StartedAt).TotalMilliseconds,
                Errors: state.LastError is null ? null : [state.LastError],
                WorkerProcessId: worker?.Process.Id,
                HttpMode: worker is null ? null : worker.IsProxying ? "AspNetCoreIntegration" : "RpcHttp",
                Functions: worker?.Functions.Select(f => f.Name).Order(StringComparer.Ordinal).ToArray());
            // 503 while not Running lets a readiness probe use the status code alone.
            return Results.Json(body, statusCode: state.Status == HostStatus.Running ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        endpoints.MapGet("/admin/functions", (HostState state) =>
            Results.Json(state.Current?.Functions.Select(f => new { name = f.Name, route = f.Route, methods = f.Methods, authLevel = f.AuthLevel }) ?? []));
        endpoints.MapGet("/", () => Results.Text($"Local Azure Functions host {typeof(AdminEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion} is running. Status: /admin/host/status"));
        return endpoints;
    }

    public sealed record HostStatusResponse(
        string Id,
        string State,
        string Version,
        long ProcessUptime,
        string[]? Errors,
        int? WorkerProcessId,
        string? HttpMode,
        string[]? Functions);
}
