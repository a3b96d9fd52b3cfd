namespace FuncRec.Core.Ingestion;

/// <summary>Why a record was rejected.</summary>
/// <param name="Reason">One of <see cref="Events.DeadLetterReasons"/>.</param>
/// <param name="Detail">The field or limit involved.</param>
public readonly record struct ParseFailure(string Reason, string Detail);
