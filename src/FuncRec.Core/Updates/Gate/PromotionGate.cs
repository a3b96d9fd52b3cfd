using System.Globalization;

namespace FuncRec.Core.Updates.Gate;

/// <summary>
/// The pure promotion gate: promote only when every sanity check passes and, for every gated metric,
/// candidate >= champion - tolerance on the same slice. With no champion, only the sanity checks and the
/// presence of the metrics are required.
/// </summary>
public static class PromotionGate
{
    /// <summary>Decides; every check contributes one reason line.</summary>
    public static CandidateVerdict Decide(
        IReadOnlyDictionary<string, double> candidate,
        IReadOnlyDictionary<string, double>? champion,
        IReadOnlyList<string> sanityProblems,
        PromotionGateOptions options)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(sanityProblems);
        ArgumentNullException.ThrowIfNull(options);
        var reasons = new List<string>();
        var pass = true;
        foreach (var problem in sanityProblems)
        {
            reasons.Add("sanity: " + problem);
            pass = false;
        }

        foreach (var metric in options.Metrics)
        {
            if (!candidate.TryGetValue(metric, out var c) || !double.IsFinite(c))
            {
                reasons.Add($"{metric}: candidate has no finite value");
                pass = false;
                continue;
            }

            if (champion is null)
            {
                reasons.Add(Inv($"{metric}: candidate {c:0.0000}, no champion"));
                continue;
            }

            if (!champion.TryGetValue(metric, out var h) || !double.IsFinite(h))
            {
                reasons.Add(Inv($"{metric}: candidate {c:0.0000}, champion has no value"));
                continue;
            }

            var ok = c >= h - options.Tolerance;
            pass &= ok;
            reasons.Add(Inv($"{metric}: candidate {c:0.0000} {(ok ? ">=" : "<")} champion {h:0.0000} - {options.Tolerance:0.0000}"));
        }

        if (sanityProblems.Count == 0)
        {
            reasons.Add("sanity checks passed");
        }

        return new CandidateVerdict(pass, reasons, candidate, champion ?? new Dictionary<string, double>());
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
