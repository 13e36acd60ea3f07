namespace SocketIO.Serverless.FunctionsHost.TestApp;

/// <summary>The small piece of work the benchmark runs both through the host and in a plain ASP.NET Core endpoint.</summary>
public static class SharedWork
{
    public static int Compute(string id)
    {
        var hash = 17;
        foreach (var c in id)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }
}
