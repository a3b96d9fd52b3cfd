using FuncRec.Core.Checkpoints;
using FuncRec.Core.Training;
using FuncRec.Trainer.Data;

namespace FuncRec.Trainer.Jobs;

/// <summary>Checks a job spec before it is accepted, so a bad one gets a 400 naming every problem.</summary>
public static class TrainingJobSpecValidator
{
    private const int MaxHyperparameters = 64;

    /// <summary>The problems with <paramref name="spec"/> by field (camelCase JSON path); empty when it is valid.</summary>
    public static Dictionary<string, string[]> Validate(TrainingJobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        const string NameRule = "use 1-64 letters, digits, '-', '_' or '.'";
        if (!CheckpointLayout.IsValidName(spec.JobId))
        {
            Add("jobId", $"'{spec.JobId}' is not a valid job id: {NameRule}.");
        }

        if (!CheckpointLayout.IsValidName(spec.Model))
        {
            Add("model", $"'{spec.Model}' is not a valid model name: {NameRule}.");
        }

        if (spec.ParentVersion is not null && !CheckpointLayout.IsValidName(spec.ParentVersion))
        {
            Add("parentVersion", $"'{spec.ParentVersion}' is not a valid version name: {NameRule}.");
        }

        if (!(spec.HoldoutFraction is >= 0 and <= 0.5))
        {
            Add("holdoutFraction", $"{spec.HoldoutFraction} is outside 0 to 0.5.");
        }

        ValidateWindow(spec.Window, Add);

        if (spec.CallbackUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            Add("callbackUrl", $"'{url}' is not an absolute http or https URL.");
        }

        if (spec.Hyperparameters is null)
        {
            Add("hyperparameters", "must be an object of string values (or left out).");
        }
        else if (spec.Hyperparameters.Count > MaxHyperparameters)
        {
            Add("hyperparameters", $"at most {MaxHyperparameters} overrides.");
        }
        else if (spec.Hyperparameters.Any(p => string.IsNullOrWhiteSpace(p.Key) || p.Value is null))
        {
            Add("hyperparameters", "names must be non-empty and values non-null strings.");
        }

        return errors.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
    }

    private static void ValidateWindow(DataWindow? window, Action<string, string> add)
    {
        if (window is null)
        {
            add("window", "a window is required: per-source 'from'/'to' watermarks, or a 'datasetSlice'.");
            return;
        }

        var hasWatermarks = window.From is { Count: > 0 } || window.To is { Count: > 0 };
        var hasSlice = !string.IsNullOrEmpty(window.DatasetSlice);
        if (hasWatermarks == hasSlice)
        {
            add("window", "set exactly one of: 'from'/'to' watermarks (segments), or 'datasetSlice' (e.g. 'diginetica:0-3').");
            return;
        }

        if (hasSlice)
        {
            if (!DatasetSlice.TryParse(window.DatasetSlice, out _, out var error))
            {
                add("window.datasetSlice", error);
            }

            return;
        }

        if (window.To is not { Count: > 0 })
        {
            add("window.to", "end watermarks are required (the next offset not yet consumed, per source).");
            return;
        }

        foreach (var (source, from) in window.From ?? new Dictionary<string, long>())
        {
            if (!window.To.TryGetValue(source, out var to))
            {
                add("window.to", $"source '{source}' has a start watermark but no end watermark.");
            }
            else if (from < 0 || to < from)
            {
                add("window", $"source '{source}': need 0 <= from ({from}) <= to ({to}).");
            }
        }

        foreach (var (source, to) in window.To)
        {
            if (to < 0)
            {
                add("window.to", $"source '{source}': watermark {to} is negative.");
            }
        }
    }
}
