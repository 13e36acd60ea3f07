namespace SocketIO.Serverless.ChatFunctions;

/// <summary>
/// Who may join <c>/admin</c>: access tokens and the user each stands for, from the section <c>Admin</c>
/// (app settings <c>Admin__Tokens__&lt;token&gt;=&lt;user&gt;</c>; see local.settings.sample.json for the development one).
/// </summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    public Dictionary<string, string> Tokens { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The user of <paramref name="token"/>, or null when the token is missing or unknown.</summary>
    public string? UserOf(string? token) =>
        !string.IsNullOrEmpty(token) && Tokens.TryGetValue(token, out var user) && !string.IsNullOrEmpty(user) ? user : null;
}
