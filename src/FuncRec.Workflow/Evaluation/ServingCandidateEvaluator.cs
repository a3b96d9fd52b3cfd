using System.Globalization;
using FuncRec.Core.Sessions;
using FuncRec.Ingestion.Blob;
using FuncRec.Serving.Evaluation;
using FuncRec.Serving.Loading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FuncRec.Workflow.Evaluation;

/// <summary>
/// The gate's evaluator: loads candidate and champion exactly as serving would (<see cref="ModelLoader"/>, sha256
/// checked) and ranks the newest <c>HoldoutFraction</c> of the frozen window's sessions, the ones the trainer held
/// out, with each. Items the champion has never seen are dropped from the slice, so both are asked about the same
/// cases. It is pure C# (no TorchSharp), so it runs in the Functions app's activity as well as in the local host,
/// and it never competes with a training job for libtorch.
/// </summary>
public sealed partial class ServingCandidateEvaluator(
    SegmentWindowSource windows, ModelLoader models, IOptions<UpdatesOptions> options, ILogger<ServingCandidateEvaluator> logger) : ICandidateEvaluator
{
    /// <inheritdoc />
    public async Task<CandidateEvaluation> EvaluateAsync(EvaluationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Window.To.Count == 0)
        {
            throw new InvalidOperationException($"The window of {request.CandidateVersion} names no watermarks; the gate evaluates only segment windows.");
        }

        // Start the window read and both model downloads together; they are independent.
        var sessionsTask = windows.LoadWithoutCategoriesAsync(request.Window, cancellationToken);
        var candidateTask = models.LoadAsync(request.Model, request.CandidateVersion, cancellationToken);
        var championTask = request.ChampionVersion is null ? null : models.LoadAsync(request.Model, request.ChampionVersion, cancellationToken);
        var sessions = (await sessionsTask.ConfigureAwait(false)).ReadSessions().ToList();
        var candidate = await candidateTask.ConfigureAwait(false);
        var champion = championTask is null ? null : await championTask.ConfigureAwait(false);

        var holdout = Holdout(sessions, request.HoldoutFraction);
        var sessionItemsFirst = options.Value.GateSessionItemsFirst;
        var cooccurrence = options.Value.GateCooccurrence;
        var slice = string.Create(CultureInfo.InvariantCulture, $"newest {request.HoldoutFraction:P0} of the window ({holdout.Count} sessions)");
        if (champion is null)
        {
            var alone = SessionRanking.Evaluate(candidate, holdout, knownItems: null, sessionItemsFirst, cancellationToken, cooccurrence);
            LogEvaluated(logger, request.CandidateVersion, alone.Summary.Cases, alone.Seconds);
            return new CandidateEvaluation(alone.Summary.ToMetrics(), null, slice);
        }

        var shared = champion.IdMaps!.ItemIds.ToHashSet(StringComparer.Ordinal);
        var c = SessionRanking.Evaluate(candidate, holdout, shared, sessionItemsFirst, cancellationToken, cooccurrence);
        var p = SessionRanking.Evaluate(champion, holdout, shared, sessionItemsFirst, cancellationToken, cooccurrence);
        LogEvaluated(logger, request.CandidateVersion, c.Summary.Cases, c.Seconds + p.Seconds);
        return new CandidateEvaluation(c.Summary.ToMetrics(), p.Summary.ToMetrics(), slice);
    }

    /// <summary>
    /// The newest <paramref name="fraction"/> of <paramref name="sessions"/> (oldest first): the same split the trainer
    /// makes, so neither model trained on these sessions.
    /// </summary>
    public static List<SessionSequence> Holdout(IReadOnlyList<SessionSequence> sessions, double fraction)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        var count = (int)Math.Floor(sessions.Count * fraction);
        return [.. sessions.Skip(sessions.Count - count)];
    }

    [LoggerMessage(EventId = 7410, Level = LogLevel.Information, Message = "Gate evaluated {Candidate} on {Cases} cases in {Seconds:0.0} s")]
    private static partial void LogEvaluated(ILogger logger, string candidate, long cases, double seconds);
}
