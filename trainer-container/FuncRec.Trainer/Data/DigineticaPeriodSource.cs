using System.Globalization;
using FuncRec.Core.Features;
using FuncRec.Core.Sessions;

namespace FuncRec.Trainer.Data;

/// <summary>
/// Reads ADER's Diginetica period files (<c>period_N.txt</c>, lines <c>session_id item_id</c> in time order).
/// Within a period a session's events keep file order; sessions are ordered by their first line, which is
/// chronological. A session split across two periods is two sessions, as in the published protocol.
/// Every event is a view. Categories are attached where <see cref="DigineticaCategories"/> knows the item.
/// </summary>
public sealed class DigineticaPeriodSource : ISessionSource
{
    private readonly string _directory;
    private readonly int _firstPeriod;
    private readonly int _lastPeriod;
    private readonly DigineticaCategories? _categories;

    /// <summary>Periods <paramref name="firstPeriod"/>..<paramref name="lastPeriod"/> (inclusive) of <paramref name="directory"/>.</summary>
    public DigineticaPeriodSource(string directory, int firstPeriod, int lastPeriod, DigineticaCategories? categories = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfNegative(firstPeriod);
        ArgumentOutOfRangeException.ThrowIfLessThan(lastPeriod, firstPeriod);
        _directory = directory;
        _firstPeriod = firstPeriod;
        _lastPeriod = lastPeriod;
        _categories = categories;
    }

    /// <inheritdoc />
    public string Description => $"diginetica:{_firstPeriod}-{_lastPeriod}";

    /// <summary>The path of period <paramref name="period"/>'s file.</summary>
    public static string PeriodPath(string directory, int period) => Path.Combine(directory, $"period_{period}.txt");

    /// <summary>The number of consecutive period files present from period_0, so <c>--data</c> works on any such folder.</summary>
    public static int CountPeriods(string directory)
    {
        var n = 0;
        while (File.Exists(PeriodPath(directory, n)))
        {
            n++;
        }

        return n;
    }

    /// <summary>
    /// A short hash of the period files' names and contents, so results recorded on one clone are found again on another
    /// wherever its data folder lies, and a changed data set never resumes from them.
    /// </summary>
    public static string Fingerprint(string directory)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        for (var p = 0; p < CountPeriods(directory); p++)
        {
            var path = PeriodPath(directory, p);
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetFileName(path) + "\n"));
            hash.AppendData(File.ReadAllBytes(path));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..8];
    }

    /// <inheritdoc />
    public IEnumerable<SessionSequence> ReadSessions()
    {
        for (var p = _firstPeriod; p <= _lastPeriod; p++)
        {
            foreach (var s in ReadPeriod(p))
            {
                yield return s;
            }
        }
    }

    private List<SessionSequence> ReadPeriod(int period)
    {
        var path = PeriodPath(_directory, period);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Diginetica period file not found: {path}", path);
        }

        var order = new List<string>();
        var events = new Dictionary<string, List<SessionEvent>>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out _)
                || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                throw new InvalidDataException($"{path}:{lineNumber}: expected '<session_id> <item_id>', got '{line}'.");
            }

            if (!events.TryGetValue(parts[0], out var list))
            {
                events[parts[0]] = list = [];
                order.Add(parts[0]);
            }

            list.Add(new SessionEvent(parts[1], InteractionType.View, _categories?.CategoryOf(parts[1])));
        }

        return order.Select(id => new SessionSequence(id, events[id])).ToList();
    }
}
