using FuncRec.Core.Checkpoints;
using FuncRec.Core.Updates;
using FuncRec.Core.Updates.Gate;
using FuncRec.Workflow.Registry;
using Microsoft.Extensions.Options;

namespace FuncRec.Workflow.Evaluation;

/// <summary>
/// The EvaluateCandidate step: evaluates through <see cref="ICandidateEvaluator"/>, reads the candidate's
/// weights and id maps (and the parent's id maps) from the registry for the sanity checks, and applies the
/// pure <see cref="PromotionGate"/>.
/// </summary>
public sealed class CandidateGate(IModelRegistry registry, ICandidateEvaluator evaluator, IOptions<PromotionGateOptions> options)
{
    /// <summary>Evaluates and decides.</summary>
    public async Task<CandidateVerdict> EvaluateAsync(EvaluateCandidateInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var gate = options.Value;
        var problems = new List<string>();
        var manifest = await registry.GetManifestAsync(input.Model, input.CandidateVersion, cancellationToken).ConfigureAwait(false);
        if (manifest is null)
        {
            return PromotionGate.Decide(new Dictionary<string, double>(), null, [$"candidate {input.CandidateVersion} has no manifest"], gate);
        }

        SafeTensorsContent? weights = null;
        var weightBytes = await registry.ReadFileAsync(input.Model, input.CandidateVersion, CheckpointLayout.WeightsFile, cancellationToken).ConfigureAwait(false);
        if (weightBytes is null)
        {
            problems.Add("weights: file missing");
        }
        else
        {
            try
            {
                weights = SafeTensorsFile.Read(weightBytes.ToMemory());
                problems.AddRange(WeightSanity.CheckWeights(weights, gate));
            }
            catch (InvalidDataException ex)
            {
                problems.Add("weights: " + ex.Message);
            }
        }

        var idMap = await ReadIdMapsAsync(input.Model, input.CandidateVersion, problems, cancellationToken).ConfigureAwait(false);
        var parentVersion = manifest.Parent;
        var parentMap = parentVersion is null ? null : await ReadIdMapsAsync(input.Model, parentVersion, problems, cancellationToken).ConfigureAwait(false);
        if (idMap is not null)
        {
            problems.AddRange(WeightSanity.CheckIdMaps(idMap, parentMap, weights));
        }

        var evaluation = await evaluator.EvaluateAsync(
            new EvaluationRequest(input.Model, input.CandidateVersion, input.ChampionVersion, input.Window, input.HoldoutFraction), cancellationToken).ConfigureAwait(false);
        if (input.ChampionVersion is not null && evaluation.Champion is null)
        {
            // Without the champion's numbers on the same slice there is nothing to compare against: fail closed.
            problems.Add($"evaluation: champion {input.ChampionVersion} was not evaluated on the slice");
        }

        return PromotionGate.Decide(evaluation.Candidate, input.ChampionVersion is null ? null : evaluation.Champion, problems, gate);
    }

    private async Task<ModelIdMaps?> ReadIdMapsAsync(string model, string version, List<string> problems, CancellationToken cancellationToken)
    {
        var bytes = await registry.ReadFileAsync(model, version, CheckpointLayout.IdMapFile, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            problems.Add($"idmap: missing for {version}");
            return null;
        }

        try
        {
            using var stream = bytes.ToStream();
            return ModelIdMaps.Read(stream);
        }
        catch (InvalidDataException ex)
        {
            problems.Add($"idmap of {version}: {ex.Message}");
            return null;
        }
    }
}
