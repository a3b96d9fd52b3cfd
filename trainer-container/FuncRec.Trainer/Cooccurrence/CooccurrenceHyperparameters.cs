using System.Globalization;
using FuncRec.Trainer.Execution;

namespace FuncRec.Trainer.Cooccurrence;

/// <summary>The effective hyperparameters of one co-occurrence run: options overridden by the job's values.</summary>
internal sealed record CooccurrenceHyperparameters(int Dim, int Window, double Decay, long Seed)
{
    /// <summary>The override names this trainer accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["dim", "window", "decay", "seed"];

    /// <summary>Applies <paramref name="overrides"/> to the defaults, rejecting unknown names and bad values.</summary>
    /// <exception cref="TrainingJobException">An override is unknown or out of range.</exception>
    public static CooccurrenceHyperparameters Resolve(CooccurrenceOptions defaults, IReadOnlyDictionary<string, string> overrides)
    {
        var hp = new CooccurrenceHyperparameters(defaults.Dim, defaults.Window, defaults.Decay, defaults.Seed);
        foreach (var (name, value) in overrides)
        {
            hp = name switch
            {
                "dim" => hp with { Dim = ParseInt(name, value, 1, 1024) },
                "window" => hp with { Window = ParseInt(name, value, 1, 50) },
                "decay" => hp with { Decay = ParseDouble(name, value, 0, 1) },
                "seed" => hp with { Seed = long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : throw Bad(name, value, "an integer") },
                _ => throw new TrainingJobException($"Unknown hyperparameter '{name}'; the co-occurrence trainer accepts {string.Join(", ", Names)}."),
            };
        }

        return hp;
    }

    /// <summary>The values as the manifest records them.</summary>
    public IReadOnlyDictionary<string, string> ToDictionary() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["trainer"] = "cooccurrence",
        ["dim"] = Dim.ToString(CultureInfo.InvariantCulture),
        ["window"] = Window.ToString(CultureInfo.InvariantCulture),
        ["decay"] = Decay.ToString("R", CultureInfo.InvariantCulture),
        ["seed"] = Seed.ToString(CultureInfo.InvariantCulture),
    };

    private static int ParseInt(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
            ? v
            : throw Bad(name, value, $"an integer from {min} to {max}");

    private static double ParseDouble(string name, string value, double min, double max) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
            ? v
            : throw Bad(name, value, $"a number from {min} to {max}");

    private static TrainingJobException Bad(string name, string value, string expected) =>
        new($"Hyperparameter '{name}' = '{value}' is not {expected}.");
}
