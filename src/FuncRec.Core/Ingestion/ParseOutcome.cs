namespace FuncRec.Core.Ingestion;

/// <summary>Either a validated event or the reason it was rejected.</summary>
/// <typeparam name="T">The event base type.</typeparam>
/// <param name="Event">The event, when valid.</param>
/// <param name="Failure">The rejection, when invalid.</param>
public readonly record struct ParseOutcome<T>(T? Event, ParseFailure Failure) where T : class
{
    /// <summary>Whether the record is valid.</summary>
    public bool IsValid => Event is not null;

    /// <summary>A rejection.</summary>
    public static ParseOutcome<T> Reject(string reason, string detail) => new(null, new ParseFailure(reason, detail));
}
