namespace FuncRec.Core.Datasets;

/// <summary>One of the 17 ADER periods with the time window its synthesized timestamps fill.</summary>
/// <param name="Index">0 (initial block) to 16.</param>
/// <param name="Start">Window start (inclusive, UTC).</param>
/// <param name="End">Window end (exclusive, UTC).</param>
public sealed record DigineticaPeriod(int Index, DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>Number of periods.</summary>
    public const int Count = 17;

    /// <summary>First day of the data (start of period 0).</summary>
    public static readonly DateTimeOffset DataStart = new(2016, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>End of period 0 (SOURCE.md: period 0 ends 2016-02-10, inclusive).</summary>
    public static readonly DateTimeOffset InitialBlockEnd = new(2016, 2, 11, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The window of period <paramref name="index"/>: period k ≥ 1 is the k-th week after period 0.</summary>
    public static DigineticaPeriod Of(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return index == 0
            ? new DigineticaPeriod(0, DataStart, InitialBlockEnd)
            : new DigineticaPeriod(index, InitialBlockEnd.AddDays(7 * (index - 1)), InitialBlockEnd.AddDays(7 * index));
    }
}
