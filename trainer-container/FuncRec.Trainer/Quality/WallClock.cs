using System.Globalization;

namespace FuncRec.Trainer.Quality;

/// <summary>
/// The wall time of a quality run that spans several invocations, possibly in parallel processes sharing the work
/// folder. Each finished invocation appends its start and end; the run's wall time is the length of the union of those
/// intervals, so processes that ran side by side are not counted twice. An invocation that was killed records nothing.
/// </summary>
public static class WallClock
{
    /// <summary>The file in the work folder that holds one <c>start end</c> line (Unix seconds) per finished invocation.</summary>
    public const string IntervalsFile = "wall_intervals.txt";

    /// <summary>Seconds recorded before intervals were kept: a plain sum of earlier invocations, counted as they are.</summary>
    public const string LegacySecondsFile = "wall_seconds.txt";

    /// <summary>Appends the invocation [<paramref name="start"/>, <paramref name="end"/>] and returns the run's wall seconds so far.</summary>
    public static double Record(string workDirectory, DateTimeOffset start, DateTimeOffset end)
    {
        var intervals = Path.Combine(workDirectory, IntervalsFile);
        File.AppendAllText(intervals, string.Create(CultureInfo.InvariantCulture, $"{start.ToUnixTimeMilliseconds() / 1000.0:F3} {end.ToUnixTimeMilliseconds() / 1000.0:F3}\n"));
        var legacy = Path.Combine(workDirectory, LegacySecondsFile);
        var earlier = File.Exists(legacy) ? double.Parse(File.ReadAllText(legacy), CultureInfo.InvariantCulture) : 0;
        var parsed = File.ReadAllLines(intervals)
            .Where(line => line.Length > 0)
            .Select(line => line.Split(' '))
            .Select(p => (double.Parse(p[0], CultureInfo.InvariantCulture), double.Parse(p[1], CultureInfo.InvariantCulture)));
        return earlier + UnionLength(parsed);
    }

    /// <summary>The total length covered by <paramref name="intervals"/>, overlaps counted once.</summary>
    public static double UnionLength(IEnumerable<(double Start, double End)> intervals)
    {
        var total = 0.0;
        var (openStart, openEnd) = (double.NaN, double.NaN);
        foreach (var (start, end) in intervals.OrderBy(i => i.Start))
        {
            if (double.IsNaN(openStart) || start > openEnd)
            {
                total += double.IsNaN(openStart) ? 0 : openEnd - openStart;
                (openStart, openEnd) = (start, end);
            }
            else
            {
                openEnd = Math.Max(openEnd, end);
            }
        }

        return total + (double.IsNaN(openStart) ? 0 : openEnd - openStart);
    }
}
