using FuncRec.Core.Events;

namespace FuncRec.Core.Ingestion;

/// <summary>Stores rejected records. Writing the same (topic, partition, offset) twice keeps one entry.</summary>
public interface IDeadLetterSink
{
    /// <summary>Stores the dead letters.</summary>
    Task WriteAsync(IReadOnlyList<DeadLetter> deadLetters, CancellationToken cancellationToken);
}
