using System.Globalization;

namespace FuncRec.Trainer.Quality;

/// <summary>
/// The wall time of a quality run that spans several invocations, possibly in parallel processes sharing the work
/// folder. Each invocation keeps its own span in a file under <c>wall/</c>, rewritten after every step and at the end,
/// so a killed invocation still counts up to its last finished step. The run's wall time is the length of the union of
/// the spans, so processes that ran side by side are counted once.
/// </summary>
public sealed class WallClock
{
    /// <summary>The folder, inside the work folder, that holds one <c>start end</c> file (Unix seconds) per invocation.</summary>
    public const string SpansFolder = "wall";

    /// <summary>Seconds recorded before spans were kept: a plain sum of earlier invocations, counted as they are.</summary>
    public const string LegacySecondsFile = "wall_seconds.txt";

    /// <summary>Spans of finished invocations as an earlier build kept them, one <c>start end</c> line each; still counted.</summary>
    public const string LegacySpansFile = "wall_intervals.txt";

    private readonly string _workDirectory;
    private readonly DateTimeOffset _start;
    private readonly string _path;

    /// <summary>Starts this invocation's span at <paramref name="start"/>.</summary>
    public WallClock(string workDirectory, DateTimeOffset start)
    {
        _workDirectory = workDirectory;
        _start = start;
        _path = Path.Combine(workDirectory, SpansFolder, string.Create(CultureInfo.InvariantCulture, $"{start.ToUnixTimeMilliseconds()}-{Environment.ProcessId}.txt"));
    }

    /// <summary>Extends this invocation's span to <paramref name="now"/> and returns the run's wall seconds so far.</summary>
    public double Record(DateTimeOffset now)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        File.WriteAllText(_path, string.Create(CultureInfo.InvariantCulture, $"{_start.ToUnixTimeMilliseconds() / 1000.0:F3} {now.ToUnixTimeMilliseconds() / 1000.0:F3}"));
        var legacy = Path.Combine(_workDirectory, LegacySecondsFile);
        var earlier = File.Exists(legacy) ? double.Parse(File.ReadAllText(legacy), CultureInfo.InvariantCulture) : 0;
        var legacySpans = Path.Combine(_workDirectory, LegacySpansFile);
        var spans = Directory.GetFiles(Path.GetDirectoryName(_path)!, "*.txt")
            .Select(File.ReadAllText)
            .Concat(File.Exists(legacySpans) ? File.ReadAllLines(legacySpans) : [])
            .Select(text => text.Split(' '))
            .Where(p => p.Length == 2)
            .Select(p => (double.Parse(p[0], CultureInfo.InvariantCulture), double.Parse(p[1], CultureInfo.InvariantCulture)));
        return earlier + UnionLength(spans);
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
