using System.Globalization;
using System.Text;

namespace FuncRec.LocalHost.Demo;

/// <summary>
/// A generated stand-in for the Diginetica folder, for machines without the data and only behind the demo's
/// explicit <c>--synthetic</c> flag: the same files (<c>ader_periods/period_N.txt</c>, the item map and the category
/// table), with a seeded catalogue whose popularity drifts week by week and new items arriving every week.
/// Sessions walk within one category along a fixed item order, so there is something sequential to learn.
/// Everything it produces is labelled synthetic in the output and the report.
/// </summary>
public static class SyntheticPeriods
{
    private const int Categories = 40;

    /// <summary>Writes <paramref name="periods"/> periods into <paramref name="directory"/> and returns it.</summary>
    public static string Generate(string directory, int periods, int seed = 7)
    {
        Directory.CreateDirectory(Path.Combine(directory, "ader_periods"));
        Directory.CreateDirectory(Path.Combine(directory, "derived"));
        Directory.CreateDirectory(Path.Combine(directory, "raw"));
        var random = new Random(seed);
        var items = 2000;
        var session = 0;
        for (var p = 0; p < periods; p++)
        {
            // New items arrive each week and the popular categories rotate: the drift an incremental update should follow.
            items += p == 0 ? 0 : 120;
            var hot = (p * 3) % Categories;
            var lines = new StringBuilder();
            var sessions = p == 0 ? 12_000 : 5_000;
            for (var s = 0; s < sessions; s++)
            {
                session++;
                var category = random.NextDouble() < 0.5 ? (hot + random.Next(4)) % Categories : random.Next(Categories);
                var length = 2 + random.Next(6);
                // Items of a category are category, category + C, category + 2C, ...; newer items have higher ids.
                var perCategory = items / Categories;
                var position = (int)(perCategory * Math.Pow(random.NextDouble(), 0.5));
                for (var k = 0; k < length; k++)
                {
                    var item = 1 + category + (Categories * Math.Min(perCategory - 1, position));
                    lines.Append(CultureInfo.InvariantCulture, $"{session} {item}\n");
                    position = Math.Min(perCategory - 1, position + 1 + random.Next(2));
                }
            }

            File.WriteAllText(Path.Combine(directory, "ader_periods", $"period_{p}.txt"), lines.ToString());
        }

        var map = new StringBuilder("ader_item_id,diginetica_item_id\n");
        var categories = new StringBuilder("itemId;categoryId\n");
        for (var i = 1; i <= items; i++)
        {
            map.Append(CultureInfo.InvariantCulture, $"{i},{i}\n");
            categories.Append(CultureInfo.InvariantCulture, $"{i};{(i - 1) % Categories}\n");
        }

        File.WriteAllText(Path.Combine(directory, "derived", "ader_item_map_partial.csv"), map.ToString());
        File.WriteAllText(Path.Combine(directory, "raw", "product-categories.csv"), categories.ToString());
        return directory;
    }
}
