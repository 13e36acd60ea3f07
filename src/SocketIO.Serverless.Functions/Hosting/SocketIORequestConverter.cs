using Microsoft.Azure.Functions.Worker.Converters;

namespace SocketIO.Serverless.Functions;

/// <summary>
/// Lets a function take the Socket.IO request as a parameter next to its HTTP trigger
/// (<c>SocketIOEvent ev</c>, <c>SocketIOConnectRequest connect</c>, ...): the worker asks this converter for
/// parameters that are not bindings. Registered by <c>UseSocketIO()</c>.
/// </summary>
public sealed class SocketIORequestConverter : IInputConverter
{
    public async ValueTask<ConversionResult> ConvertAsync(ConverterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!typeof(SocketIORequest).IsAssignableFrom(context.TargetType))
        {
            return ConversionResult.Unhandled();
        }

        var request = await context.FunctionContext.GetSocketIORequestAsync().ConfigureAwait(false)
            ?? throw new SocketIORequestException($"Function {context.FunctionContext.FunctionDefinition.Name} takes a {context.TargetType.Name}, but its request is not a Socket.IO upstream request.");
        return context.TargetType.IsInstanceOfType(request)
            ? ConversionResult.Success(request)
            : throw new SocketIORequestException(
                $"Function {context.FunctionContext.FunctionDefinition.Name} takes a {context.TargetType.Name}, but received a {request.GetType().Name} ('{request.CloudEventType}'): check its route.");
    }
}
