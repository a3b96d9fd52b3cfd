namespace FuncRec.Core.Sessions;

/// <summary>
/// A window of training or test data as sessions in chronological order (by first event). The Diginetica
/// period reader implements it today; a reader over the ingestion's blob training segments plugs in the same way.
/// </summary>
public interface ISessionSource
{
    /// <summary>A short description for manifests and logs, e.g. <c>diginetica:0-3</c>.</summary>
    string Description { get; }

    /// <summary>Reads the sessions; each call starts from the beginning.</summary>
    IEnumerable<SessionSequence> ReadSessions();
}

/// <summary>An in-memory <see cref="ISessionSource"/>.</summary>
/// <param name="Description">What the sessions are.</param>
/// <param name="Sessions">The sessions, oldest first.</param>
public sealed record ListSessionSource(string Description, IReadOnlyList<SessionSequence> Sessions) : ISessionSource
{
    /// <inheritdoc />
    public IEnumerable<SessionSequence> ReadSessions() => Sessions;
}
