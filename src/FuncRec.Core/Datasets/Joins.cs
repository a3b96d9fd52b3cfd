using System.Globalization;

namespace FuncRec.Core.Datasets;

/// <summary>The joins SOURCE.md allows: ADER item ↔ Diginetica item (partial map), item → category, and ADER session ↔ raw session by rank (sample prefix only).</summary>
internal sealed class Joins
{
    public Dictionary<int, string> CategoryByAderItem { get; } = [];

    public Dictionary<int, List<(int AderItem, string Order)>> PurchasesByAderSession { get; } = [];

    public static Joins Load(string directory)
    {
        var joins = new Joins();
        var aderByDigi = new Dictionary<int, int>();
        foreach (var f in Rows(Path.Combine(directory, "derived", "ader_item_map_partial.csv"), ','))
        {
            if (f.Length >= 2 && Int(f[0]) is { } ader && Int(f[1]) is { } digi)
            {
                aderByDigi[digi] = ader;
            }
        }

        foreach (var f in Rows(Path.Combine(directory, "raw", "product-categories.csv"), ';'))
        {
            if (f.Length >= 2 && Int(f[0]) is { } digi && aderByDigi.TryGetValue(digi, out var ader) && Int(f[1]) is { } category)
            {
                joins.CategoryByAderItem[ader] = category.ToString(CultureInfo.InvariantCulture);
            }
        }

        // ADER session r is the r-th distinct raw sessionId; the sample is a prefix in sessionId order, so ranks are exact there.
        var aderByRawSession = new Dictionary<int, int>();
        var sample = Path.Combine(directory, "raw", "sample_train-item-views.csv");
        foreach (var raw in Rows(sample, ';').Select(f => f.Length > 0 ? Int(f[0]) : null).OfType<int>().Distinct().Order())
        {
            aderByRawSession[raw] = aderByRawSession.Count + 1;
        }

        foreach (var f in Rows(Path.Combine(directory, "raw", "train-purchases.csv"), ';'))
        {
            // sessionId;userId;timeframe;eventdate;ordernumber;itemId
            if (f.Length >= 6 && Int(f[0]) is { } rawSession && aderByRawSession.TryGetValue(rawSession, out var session)
                && Int(f[5]) is { } digi && aderByDigi.TryGetValue(digi, out var ader))
            {
                if (!joins.PurchasesByAderSession.TryGetValue(session, out var list))
                {
                    list = [];
                    joins.PurchasesByAderSession[session] = list;
                }

                list.Add((ader, f[4]));
            }
        }

        return joins;
    }

    private static IEnumerable<string[]> Rows(string path, char separator) =>
        File.Exists(path) ? File.ReadLines(path).Skip(1).Select(l => l.Split(separator)) : [];

    private static int? Int(string s) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
}
