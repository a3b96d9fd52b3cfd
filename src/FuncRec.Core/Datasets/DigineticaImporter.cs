using System.Globalization;
using FuncRec.Core.Events;

namespace FuncRec.Core.Datasets;

/// <summary>
/// Turns the Diginetica ADER periods into FuncRec events (docs/events.md, "Diginetica import"):
/// every line becomes an <see cref="ItemViewed"/> (user = session = the ADER session id, item = the ADER
/// item id) with timestamps spread evenly over the period's week in file order; joinable raw purchases
/// follow their session's last view; items in the partial id map get a catalog upsert with their category.
/// </summary>
public sealed class DigineticaImporter
{
    private readonly string _directory;
    private readonly Lazy<Joins> _joins;

    /// <summary>Creates an importer over a data folder (see <see cref="DigineticaDataset.Resolve"/>).</summary>
    public DigineticaImporter(string? directory = null)
    {
        _directory = DigineticaDataset.Resolve(directory);
        _joins = new Lazy<Joins>(() => Joins.Load(_directory));
    }

    /// <summary>The data folder.</summary>
    public string Directory => _directory;

    /// <summary>Catalog upserts (one per mapped item, with its category), timestamped at the start of the data.</summary>
    public IEnumerable<CatalogItemUpserted> ReadCatalog()
    {
        var ts = DigineticaPeriod.DataStart.ToUnixTimeMilliseconds();
        foreach (var (ader, category) in _joins.Value.CategoryByAderItem.OrderBy(kv => kv.Key))
        {
            yield return new CatalogItemUpserted
            {
                EventId = $"dg-cat-{ader}",
                ItemId = ader.ToString(CultureInfo.InvariantCulture),
                TimestampMs = ts,
                CategoryPath = [category],
            };
        }
    }

    /// <summary>The events of one period in order: views in file order, each joinable purchase after its session's last view.</summary>
    public IEnumerable<BehaviorEvent> ReadPeriod(int period)
    {
        var window = DigineticaPeriod.Of(period);
        var lines = ReadLines(period);
        var lastViewOfSession = new Dictionary<int, int>();
        for (var i = 0; i < lines.Count; i++)
        {
            lastViewOfSession[lines[i].Session] = i;
        }

        var joins = _joins.Value;
        // A session cut by the period boundary continues next week: its purchases go after its very last view.
        var continuesNextPeriod = period + 1 < DigineticaPeriod.Count && joins.PurchasesByAderSession.Count > 0
            ? ReadLines(period + 1).Select(l => l.Session).ToHashSet()
            : [];
        var start = window.Start.ToUnixTimeMilliseconds();
        var step = (double)(window.End - window.Start).TotalMilliseconds / Math.Max(1, lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            var (session, item) = lines[i];
            var ts = start + (long)(i * step);
            var sid = session.ToString(CultureInfo.InvariantCulture);
            yield return new ItemViewed
            {
                EventId = $"dg-p{period}-{i}",
                UserId = sid,
                SessionId = sid,
                ItemId = item.ToString(CultureInfo.InvariantCulture),
                TimestampMs = ts,
            };
            if (lastViewOfSession[session] == i && !continuesNextPeriod.Contains(session) && joins.PurchasesByAderSession.TryGetValue(session, out var bought))
            {
                var n = 0;
                foreach (var (aderItem, order) in bought)
                {
                    n++;
                    yield return new ItemPurchased
                    {
                        EventId = $"dg-p{period}-{i}-buy{n}",
                        UserId = sid,
                        SessionId = sid,
                        ItemId = aderItem.ToString(CultureInfo.InvariantCulture),
                        OrderId = order,
                        TimestampMs = ts + n,
                    };
                }
            }
        }
    }

    /// <summary>All periods in order.</summary>
    public IEnumerable<(DigineticaPeriod Period, IEnumerable<BehaviorEvent> Events)> ReadPeriods(int first = 0, int last = DigineticaPeriod.Count - 1)
    {
        for (var p = first; p <= last; p++)
        {
            yield return (DigineticaPeriod.Of(p), ReadPeriod(p));
        }
    }

    /// <summary>The raw (session, item) lines of one period, in file order.</summary>
    public List<(int Session, int Item)> ReadLines(int period)
    {
        var path = Path.Combine(_directory, "ader_periods", $"period_{period}.txt");
        var lines = new List<(int, int)>();
        foreach (var line in File.ReadLines(path))
        {
            var span = line.AsSpan().Trim();
            var space = span.IndexOf(' ');
            if (space > 0
                && int.TryParse(span[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var session)
                && int.TryParse(span[(space + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var item))
            {
                lines.Add((session, item));
            }
        }

        return lines;
    }
}
