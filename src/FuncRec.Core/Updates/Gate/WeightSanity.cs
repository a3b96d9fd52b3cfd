using System.Globalization;
using System.Runtime.InteropServices;
using FuncRec.Core.Checkpoints;

namespace FuncRec.Core.Updates.Gate;

/// <summary>
/// Sanity checks on a candidate's weights and id maps: every F32 element finite, every tensor's RMS and
/// largest magnitude within bounds, no all-zero embedding table, and the id map an append-only extension
/// of the parent's (so the parent's rows keep their meaning).
/// </summary>
public static class WeightSanity
{
    /// <summary>Problems found in the weights; empty when sane.</summary>
    public static IReadOnlyList<string> CheckWeights(SafeTensorsContent weights, PromotionGateOptions options)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (weights.Tensors.Count == 0)
        {
            problems.Add("weights: no tensors");
        }

        foreach (var (name, tensor) in weights.Tensors.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            if (tensor.DType != SafeTensorDType.F32)
            {
                continue;
            }

            var values = MemoryMarshal.Cast<byte, float>(tensor.Data.Span);
            double sumSq = 0;
            double maxAbs = 0;
            var nonFinite = 0L;
            foreach (var v in values)
            {
                if (!float.IsFinite(v))
                {
                    nonFinite++;
                    continue;
                }

                var a = Math.Abs((double)v);
                sumSq += a * a;
                maxAbs = Math.Max(maxAbs, a);
            }

            if (nonFinite > 0)
            {
                problems.Add($"weights: {name} has {nonFinite} non-finite value(s)");
                continue;
            }

            var rms = values.Length == 0 ? 0 : Math.Sqrt(sumSq / values.Length);
            if (rms > options.MaxTensorRms)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"weights: {name} RMS {rms:G4} > {options.MaxTensorRms:G4}"));
            }

            if (maxAbs > options.MaxAbsWeight)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"weights: {name} max |w| {maxAbs:G4} > {options.MaxAbsWeight:G4}"));
            }

            // Row 0 of every embedding is the all-zero padding row; a table holding nothing else (no categories
            // in the catalog yet, say) is legitimately zero, so only tables with real rows are checked.
            if (name.EndsWith("emb.weight", StringComparison.Ordinal) && tensor.Shape is [> 1, ..] && maxAbs == 0)
            {
                problems.Add($"weights: embedding {name} is all zeros");
            }
        }

        return problems;
    }

    /// <summary>Problems with the candidate's id maps relative to its parent's; empty when consistent.</summary>
    public static IReadOnlyList<string> CheckIdMaps(ModelIdMaps candidate, ModelIdMaps? parent, SafeTensorsContent? weights)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var problems = new List<string>();
        if (parent is not null && !candidate.Extends(parent))
        {
            problems.Add($"idmap: does not extend the parent's ({parent.ItemRows} item rows, {parent.CategoryRows} category rows) append-only");
        }

        if (weights is not null && weights.Tensors.TryGetValue("item_emb.weight", out var itemEmb) && itemEmb.Shape.Length == 2
            && itemEmb.Shape[0] != candidate.ItemRows)
        {
            problems.Add($"idmap: {candidate.ItemRows} item rows but item_emb.weight has {itemEmb.Shape[0]}");
        }

        return problems;
    }
}
