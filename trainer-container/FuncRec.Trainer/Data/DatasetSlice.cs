using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace FuncRec.Trainer.Data;

/// <summary>
/// A slice of an offline dataset: <c>{dataset}:{first}-{last}</c> or <c>{dataset}:{period}</c>, periods
/// inclusive, e.g. <c>diginetica:0-3</c>. Diginetica has periods 0 to 16.
/// </summary>
/// <param name="Dataset">The dataset name, lower-case.</param>
/// <param name="FirstPeriod">The first period, inclusive.</param>
/// <param name="LastPeriod">The last period, inclusive.</param>
public sealed record DatasetSlice(string Dataset, int FirstPeriod, int LastPeriod)
{
    /// <summary>The only dataset this trainer reads offline.</summary>
    public const string Diginetica = "diginetica";

    /// <summary>Diginetica's last period (17 weekly periods, 0 to 16).</summary>
    public const int DigineticaLastPeriod = 16;

    /// <summary>Parses a slice, or explains in <paramref name="error"/> why it is not one.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out DatasetSlice? slice, [NotNullWhen(false)] out string? error)
    {
        slice = null;
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (text is null || colon <= 0)
        {
            error = $"datasetSlice '{text}' is not '{{dataset}}:{{first}}-{{last}}' (e.g. 'diginetica:0-3').";
            return false;
        }

        var dataset = text[..colon].ToLowerInvariant();
        if (dataset != Diginetica)
        {
            error = $"datasetSlice '{text}': unknown dataset '{dataset}'; this trainer reads '{Diginetica}'.";
            return false;
        }

        var range = text[(colon + 1)..].Split('-');
        if (range.Length is < 1 or > 2
            || !int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            || !int.TryParse(range[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var last))
        {
            error = $"datasetSlice '{text}': periods must be '{{first}}-{{last}}' or one period number.";
            return false;
        }

        if (first > last || last > DigineticaLastPeriod)
        {
            error = $"datasetSlice '{text}': periods must satisfy 0 <= first <= last <= {DigineticaLastPeriod}.";
            return false;
        }

        slice = new DatasetSlice(dataset, first, last);
        error = null;
        return true;
    }

    /// <summary>The canonical text form.</summary>
    public override string ToString() => FirstPeriod == LastPeriod
        ? string.Create(CultureInfo.InvariantCulture, $"{Dataset}:{FirstPeriod}")
        : string.Create(CultureInfo.InvariantCulture, $"{Dataset}:{FirstPeriod}-{LastPeriod}");
}
