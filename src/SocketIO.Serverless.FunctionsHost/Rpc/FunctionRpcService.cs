using Grpc.Core;
using Microsoft.Extensions.Logging;
using SocketIO.Serverless.FunctionsHost.Diagnostics;

namespace SocketIO.Serverless.FunctionsHost.Rpc;

/// <summary>
/// The gRPC FunctionRpc service the worker connects to. A worker opens EventStream with StartStream (its worker id);
/// the stream then belongs to the supervisor that launched that worker until it ends.
/// </summary>
public sealed class FunctionRpcService(WorkerConnections connections, HostEndpoints endpoints, WorkerLogForwarder logs, ILogger<FunctionRpcService> logger)
    : FunctionRpc.FunctionRpcBase
{
    public override async Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context)
    {
        // Only the loopback gRPC endpoint serves workers; the public HTTP port must not open worker streams.
        if (context.GetHttpContext().Connection.LocalPort != endpoints.GrpcPort)
        {
            throw new Grpc.Core.RpcException(new Status(StatusCode.PermissionDenied, "Workers connect on the host's gRPC endpoint."));
        }

        if (!await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false)
            || requestStream.Current.ContentCase != StreamingMessage.ContentOneofCase.StartStream)
        {
            throw new Grpc.Core.RpcException(new Status(StatusCode.InvalidArgument, "The first message of EventStream must be StartStream."));
        }

        var workerId = requestStream.Current.StartStream.WorkerId;
        var channel = new WorkerChannel(workerId, requestStream, responseStream, logs, logger);
        if (!connections.TryAccept(channel))
        {
            HostLog.UnknownWorker(logger, workerId);
            throw new Grpc.Core.RpcException(new Status(StatusCode.NotFound, $"No worker with id '{workerId}' was started by this host."));
        }

        await channel.RunAsync(context.CancellationToken).ConfigureAwait(false);
    }
}
