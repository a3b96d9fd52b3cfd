namespace FuncRec.Infrastructure.LocalServices;

/// <summary>A local service binary (redis-server, Azurite) is not installed.</summary>
public sealed class LocalServiceMissingException(string service, string lookedFor)
    : Exception($"{service} is not installed (looked for {lookedFor}). Run `./funcrec setup` from the repository root, then try again.")
{
    /// <summary>The service that is missing.</summary>
    public string Service { get; } = service;
}
