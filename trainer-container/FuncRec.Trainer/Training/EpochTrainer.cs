using FuncRec.Trainer.Data;
using FuncRec.Trainer.Model;
using static TorchSharp.torch;

namespace FuncRec.Trainer.Training;

/// <summary>Runs epochs of next-item (and, when present, search) training over encoded sessions.</summary>
public static class EpochTrainer
{
    /// <summary>
    /// Trains <paramref name="state"/>'s model for <paramref name="epochs"/> epochs and returns the examples
    /// processed (next-item prefixes plus search examples, counted once per epoch). <paramref name="afterEpoch"/>, when
    /// given, runs after each epoch with the model in eval mode and returns whether to train another epoch.
    /// <paramref name="rateAt"/>, when given, scales the optimizer's starting rate by its value at the fraction of
    /// planned steps done before each step; the starting rate is restored afterwards, because the checkpoint keeps it.
    /// </summary>
    public static long Train(
        TrainerState state, IReadOnlyList<EncodedSession> sessions, IReadOnlyList<SearchExample> searches,
        TrainingOptions options, int epochs, Teacher? teacher, Device device, IProgress<double>? progress, CancellationToken cancellationToken,
        Func<bool>? afterEpoch = null, Func<double, double>? rateAt = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(searches);
        ArgumentNullException.ThrowIfNull(options);
        var model = state.Model;
        var maxLength = model.Options.MaxLength;
        var random = new Random(unchecked((int)(options.Seed ^ state.Optimizer.StepCount)));
        using var generator = new Generator((ulong)(options.Seed + state.Optimizer.StepCount), device);
        state.SyncCounts();
        var catalogue = (int)model.ItemRows - 1;
        using var sampler = catalogue <= options.FullSoftmaxMaxItems
            ? null
            : new NegativeSampler(state.ItemCounts, options.SamplingExponent, options.Negatives, device);
        var sessionParameters = model.SessionTowerParameters().Select(p => (p.Name, (Tensor)p.Parameter)).ToList();
        var allParameters = model.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).ToList();

        long examples = 0;
        var everyPosition = options.TargetPositions == TrainingOptions.AllTargetPositions;
        var maskSession = options.SessionNegatives != TrainingOptions.KeepSessionNegatives;
        if (maskSession && everyPosition)
        {
            throw new ArgumentException(
                $"{nameof(TrainingOptions.SessionNegatives)}={options.SessionNegatives} needs {nameof(TrainingOptions.TargetPositions)}=last.", nameof(options));
        }

        var skipRepeats = options.SessionNegatives == TrainingOptions.ExploreOnly;
        var plans = Enumerable.Range(0, epochs).Select(_ => PlanEpoch(sessions, maxLength, options.BatchSize, random, everyPosition, skipRepeats)).ToList();
        var searchBatches = searches.Chunk(options.BatchSize).ToList();
        var total = Math.Max(1, plans.Sum(p => p.Count) + epochs * searchBatches.Count);
        var done = 0;
        var startRate = state.Optimizer.LearningRate;
        void Step(Tensor loss, List<(string Name, Tensor Parameter)> parameters, long size)
        {
            model.zero_grad();
            loss.backward();
            if (rateAt is not null)
            {
                state.Optimizer.LearningRate = startRate * rateAt(done / (double)total);
            }

            state.Optimizer.Step(parameters);
            examples += size;
            done++;
            progress?.Report(done / (double)total);
        }

        model.train();
        try
        {
            foreach (var plan in plans)
            {
                foreach (var build in plan)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    using var scope = NewDisposeScope();
                    using var batch = build(device);
                    var user = batch.EveryPosition
                        ? model.EncodeAllPositions(batch.Items, batch.Types).reshape(-1, model.Options.Dim)
                        : model.forward(batch.Items, batch.Types);
                    var teacherUser = teacher?.UserVectors(batch.Items, batch.Types, batch.EveryPosition);
                    var loss = NextItemLoss.Compute(model, user, batch.Targets, sampler, generator, teacher, teacherUser, maskSession ? batch.Items : null);
                    Step(loss, sessionParameters, batch.Size);
                }

                foreach (var searchBatch in searchBatches)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    using var scope = NewDisposeScope();
                    var width = searchBatch.Max(s => s.TokenRows.Length);
                    var tokens = new long[searchBatch.Length * width];
                    for (var i = 0; i < searchBatch.Length; i++)
                    {
                        for (var j = 0; j < searchBatch[i].TokenRows.Length; j++)
                        {
                            tokens[i * width + j] = searchBatch[i].TokenRows[j];
                        }
                    }

                    var tokenRows = tensor(tokens, [searchBatch.Length, width], device: device);
                    var targets = tensor(searchBatch.Select(s => (long)s.TargetRow).ToArray(), device: device);
                    var query = model.EncodeQuery(tokenRows);
                    var loss = NextItemLoss.Compute(model, query, targets, sampler, generator);
                    Step(loss, allParameters, searchBatch.Length);
                }

                if (afterEpoch is not null)
                {
                    model.eval();
                    var goOn = afterEpoch();
                    model.train();
                    if (!goOn)
                    {
                        break;
                    }
                }
            }
        }
        finally
        {
            state.Optimizer.LearningRate = startRate;
        }

        model.eval();
        progress?.Report(1);
        return examples;
    }

    // Both layouts yield the same examples; a plan is a list of deferred batch builds so the loop is layout-blind.
    private static List<Func<Device, ExampleBatch>> PlanEpoch(
        IReadOnlyList<EncodedSession> sessions, int maxLength, int batchSize, Random random, bool everyPosition, bool skipRepeats) => everyPosition
        ? WindowBatcher.PlanEpoch(sessions, maxLength, batchSize, random)
            .Select(w => (Func<Device, ExampleBatch>)(d => WindowBatcher.Build(sessions, w, d))).ToList()
        : ExampleBatcher.PlanEpoch(sessions, maxLength, batchSize, random, skipRepeats)
            .Select(e => (Func<Device, ExampleBatch>)(d => ExampleBatcher.Build(sessions, e, maxLength, d))).ToList();
}
