using System.Text;
using SocketIO.Serverless.FunctionsHost.App;

namespace SocketIO.Serverless.FunctionsHost.Worker;

/// <summary>
/// Prints the functions and a "ready" line to standard output, like <c>func start</c>, so people and scripts
/// (which wait for that line) know when requests will be served.
/// </summary>
public sealed class ReadyAnnouncer(HostEndpoints endpoints, FunctionApp app)
{
    public const string ReadyLinePrefix = "Functions host ready:";

    private int _announcements;

    public void Announce(ReadyWorker worker)
    {
        var text = new StringBuilder();
        var baseAddress = endpoints.HttpBaseAddress.ToString().TrimEnd('/');
        if (Interlocked.Increment(ref _announcements) == 1)
        {
            text.AppendLine().AppendLine("Functions:").AppendLine();
            foreach (var function in worker.Functions.OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                var methods = function.Methods.Count == 0 ? "ALL" : string.Join(',', function.Methods);
                text.Append('\t').Append(function.Name).Append(": [").Append(methods).Append("] ")
                    .Append(baseAddress).Append('/').AppendLine(function.Route);
            }

            text.AppendLine();
        }

        var prefix = app.HostJson.RoutePrefix.Length == 0 ? string.Empty : "/" + app.HostJson.RoutePrefix;
        text.Append(ReadyLinePrefix).Append(' ').Append(worker.Functions.Count).Append(" functions at ")
            .Append(baseAddress).Append(prefix).Append("/ (worker process ").Append(worker.Process.Id).Append(')');
        Console.Out.WriteLine(text.ToString());
        Console.Out.Flush();
    }
}
