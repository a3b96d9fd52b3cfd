namespace FuncRec.Trainer.Data;

/// <summary>
/// Categories for ADER item ids, joined through <c>derived/ader_item_map_partial.csv</c> (ADER id to
/// DIGINETICA id) and <c>raw/product-categories.csv</c> (DIGINETICA id to category). It covers about a third
/// of the events; other items have no category (row 0).
/// </summary>
public sealed class DigineticaCategories
{
    private readonly Dictionary<string, string> _categoryByAderItem;

    private DigineticaCategories(Dictionary<string, string> map) => _categoryByAderItem = map;

    /// <summary>Items with a known category.</summary>
    public int Count => _categoryByAderItem.Count;

    /// <summary>The category of an ADER item id, or null.</summary>
    public string? CategoryOf(string aderItemId) => _categoryByAderItem.GetValueOrDefault(aderItemId);

    /// <summary>
    /// Loads the join from the dataset root (the folder holding <c>ader_periods/</c>, <c>derived/</c> and
    /// <c>raw/</c>); null when either file is missing, so a bare folder of period files still works.
    /// </summary>
    public static DigineticaCategories? TryLoad(string datasetRoot)
    {
        var mapPath = Path.Combine(datasetRoot, "derived", "ader_item_map_partial.csv");
        var categoriesPath = Path.Combine(datasetRoot, "raw", "product-categories.csv");
        if (!File.Exists(mapPath) || !File.Exists(categoriesPath))
        {
            return null;
        }

        var categoryByRaw = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(categoriesPath).Skip(1))
        {
            var parts = line.Split(';');
            if (parts.Length == 2)
            {
                categoryByRaw[parts[0].Trim()] = parts[1].Trim();
            }
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(mapPath).Skip(1))
        {
            var parts = line.Split(',');
            if (parts.Length == 2 && categoryByRaw.TryGetValue(parts[1].Trim(), out var category))
            {
                map[parts[0].Trim()] = category;
            }
        }

        return new DigineticaCategories(map);
    }
}
