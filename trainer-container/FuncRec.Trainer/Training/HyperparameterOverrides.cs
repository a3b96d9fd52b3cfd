using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using FuncRec.Trainer.Model;

namespace FuncRec.Trainer.Training;

/// <summary>Applies per-job string overrides to copies of the options and lists options as manifest strings.</summary>
public static class HyperparameterOverrides
{
    /// <summary>
    /// Sets each <c>[Section:]Property</c> override on <paramref name="model"/> or <paramref name="training"/>
    /// (unprefixed names are looked up in Training first). Unknown keys, unparsable values and values outside an
    /// option's declared range or pattern throw, so a bad override fails the job before any training.
    /// </summary>
    public static void Apply(ModelOptions model, TrainingOptions training, IReadOnlyDictionary<string, string>? overrides)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(training);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            var parts = key.Split(':', 2);
            var (section, name) = parts.Length == 2 ? (parts[0], parts[1]) : (null, parts[0]);
            object target = section switch
            {
                TrainingOptions.SectionName => training,
                ModelOptions.SectionName => model,
                null when Find(typeof(TrainingOptions), name) is not null => training,
                null => model,
                _ => throw new ArgumentException($"Unknown hyperparameter section in '{key}'."),
            };
            var property = Find(target.GetType(), name) ?? throw new ArgumentException($"Unknown hyperparameter '{key}'.");
            property.SetValue(target, Convert.ChangeType(value, property.PropertyType, CultureInfo.InvariantCulture));
            var results = new List<ValidationResult>();
            var context = new ValidationContext(target) { MemberName = property.Name };
            if (!Validator.TryValidateProperty(property.GetValue(target), context, results))
            {
                throw new ArgumentException($"Hyperparameter '{key}' = '{value}': {string.Join(' ', results.Select(r => r.ErrorMessage))}");
            }
        }
    }

    /// <summary>Every option as <c>Section:Name</c> to invariant string, for the manifest.</summary>
    public static Dictionary<string, string> Describe(ModelOptions model, TrainingOptions training)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        Add(result, ModelOptions.SectionName, model);
        Add(result, TrainingOptions.SectionName, training);
        return result;
    }

    private static void Add(Dictionary<string, string> result, string section, object options)
    {
        foreach (var p in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            result[$"{section}:{p.Name}"] = Convert.ToString(p.GetValue(options), CultureInfo.InvariantCulture) ?? string.Empty;
        }
    }

    private static PropertyInfo? Find(Type type, string name) =>
        type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is { CanWrite: true } p ? p : null;
}
