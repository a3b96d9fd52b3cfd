using System.Diagnostics;
using FuncRec.Core.Checkpoints;
using FuncRec.Core.Sessions;
using FuncRec.Core.Text;
using FuncRec.Trainer.Checkpoints;
using FuncRec.Trainer.Data;
using FuncRec.Trainer.Evaluation;
using FuncRec.Trainer.Model;
using FuncRec.Trainer.Runtime;
using Microsoft.Extensions.Options;
using TorchSharp;
using static TorchSharp.torch;

namespace FuncRec.Trainer.Training;

/// <summary>
/// The trainer's entry point: produces one model version in the checkpoint store, either from scratch
/// (<see cref="TrainingMode.Full"/>) or warm-started from a parent (<see cref="TrainingMode.Incremental"/>):
/// parent weights, Adam moments and step, and id maps are restored, embedding tables grow for new items and
/// categories, and the model trains on the new window plus a replay sample of earlier sessions (weighted to recent windows by
/// default), with
/// optional distillation from the parent's scores.
/// </summary>
public sealed class IncrementalTrainer
{
    /// <summary>The trainer build recorded in manifests.</summary>
    public static readonly string TrainerVersion = typeof(IncrementalTrainer).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    /// <summary>The cut-off of the early-stopping score (Recall@20, the protocol's headline metric).</summary>
    public const int ValidationCutoff = 20;

    private readonly CheckpointStore _store;
    private readonly ModelOptions _modelOptions;
    private readonly TrainingOptions _trainingOptions;
    private readonly TimeProvider _time;

    /// <summary>Creates a trainer writing to <paramref name="store"/>.</summary>
    public IncrementalTrainer(CheckpointStore store, IOptions<ModelOptions> modelOptions, IOptions<TrainingOptions> trainingOptions, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(modelOptions);
        ArgumentNullException.ThrowIfNull(trainingOptions);
        _store = store;
        _modelOptions = modelOptions.Value;
        _trainingOptions = trainingOptions.Value;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Trains and saves one version; progress reports the fraction of training batches done (0..1).</summary>
    /// <exception cref="InvalidOperationException">Incremental without a parent, or a window with no training examples.</exception>
    public async Task<TrainingResult> TrainAsync(TrainingRequest request, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var total = Stopwatch.StartNew();
        using var job = await PrepareAsync(request, cancellationToken).ConfigureAwait(false);
        var prepareSeconds = total.Elapsed.TotalSeconds;
        var options = job.Options;
        var state = job.State;
        var teacher = job.Parent is not null && options.DistillationWeight > 0
            ? new Teacher(job.Parent, options.DistillationWeight, options.DistillationTemperature)
            : null;
        var maxEpochs = request.Mode == TrainingMode.Incremental ? options.IncrementalEpochs : options.Epochs;
        using var stopping = options.EarlyStoppingPatience > 0 && job.Validation.Count > 0 ? new EarlyStopping(options.EarlyStoppingPatience) : null;
        Func<bool>? afterEpoch = stopping is null
            ? null
            : () => stopping.Observe(ValidationRecall(state, job, cancellationToken), state);
        var trainClock = Stopwatch.StartNew();
        Func<double, double>? rateAt = request.Mode == TrainingMode.Incremental && options.IncrementalLearningRateSchedule == TrainingOptions.CosineSchedule
            ? LearningRateSchedule.Cosine
            : null;
        var examples = EpochTrainer.Train(state, job.TrainingSet, job.Searches, options, maxEpochs, teacher, job.Device, progress, cancellationToken, afterEpoch, rateAt);
        stopping?.RestoreBest(state);
        var epochs = stopping?.Scores.Count ?? maxEpochs;
        var trainSeconds = trainClock.Elapsed.TotalSeconds;

        // The reservoir is updated after training, so this window is replayed by the children, not by itself.
        var random = new Random(unchecked((int)options.Seed));
        state.Replay.Resize(options.ReplaySessions, random);
        if (options.ReplaySampling == TrainingOptions.RecentReplay)
        {
            state.Replay.Refresh(job.NewSessions, random);
        }
        else
        {
            foreach (var s in job.NewSessions)
            {
                state.Replay.Offer(s, random);
            }
        }

        // Counted after training, so the holdout is scored with the table this version carries and serves.
        var countClock = Stopwatch.StartNew();
        if (options.CooccurrenceWeight > 0)
        {
            state.Cooccurrence = state.Cooccurrence.Update(
                job.NewSessions.Select(s => s.Rows), request.Mode == TrainingMode.Incremental ? options.CooccurrenceDecay : 1.0,
                state.IdMaps.ItemRows, options.CooccurrenceNeighbors, options.CooccurrenceMaxSessionItems);
        }

        var countSeconds = countClock.Elapsed.TotalSeconds;

        var evaluateClock = Stopwatch.StartNew();
        var metrics = job.Holdout.Count > 0 && options.EvaluateHoldout
            ? CheckpointEvaluator.Evaluate(state.Model, state.IdMaps, job.Holdout, null, job.Device, job.Options.SessionItemsFirst, cancellationToken: cancellationToken,
                boost: CooccurrenceBoost.For(options, state.Cooccurrence)).ToMetrics()
            : new Dictionary<string, double>();
        var evaluateSeconds = evaluateClock.Elapsed.TotalSeconds;
        if (stopping is not null)
        {
            metrics[$"validation_recall@{ValidationCutoff}"] = stopping.BestScore;
        }

        var now = _time.GetUtcNow();
        var manifest = new ModelManifest
        {
            Model = request.Model,
            Version = request.Version ?? CheckpointLayout.NewVersionName(now, Guid.NewGuid().ToString("N")[..6]),
            Parent = request.ParentVersion,
            CreatedUtc = now,
            Mode = request.Mode == TrainingMode.Incremental ? "incremental" : "full",
            TrainerVersion = TrainerVersion,
            Window = request.Window ?? new DataWindow { DatasetSlice = request.Data.Description },
            Counts = new Dictionary<string, long>
            {
                ["examples"] = examples,
                ["epochs"] = epochs,
                ["best_epoch"] = stopping?.BestEpoch ?? epochs,
                ["validation_sessions"] = job.Validation.Count,
                ["window_sessions"] = job.WindowSessions,
                ["holdout_sessions"] = job.Holdout.Count,
                ["replay_sessions"] = job.TrainingSet.Count - job.NewSessions.Count,
                ["search_examples"] = job.Searches.Count,
                ["items"] = state.IdMaps.ItemIds.Count,
                ["categories"] = state.IdMaps.CategoryIds.Count,
                ["new_items"] = state.IdMaps.ItemIds.Count - (job.ParentMaps?.ItemIds.Count ?? 0),
                ["optimizer_steps"] = state.Optimizer.StepCount,
                ["cooccurrence_pairs"] = state.Cooccurrence.PairCount,
                ["cooccurrence_ms"] = (long)(countSeconds * 1000),
                ["prepare_ms"] = (long)(prepareSeconds * 1000),
                ["train_ms"] = (long)(trainSeconds * 1000),
                ["evaluate_ms"] = (long)(evaluateSeconds * 1000),
            },
            Hyperparameters = HyperparameterOverrides.Describe(job.ModelOptions, options),
            Metrics = metrics,
            Sha256 = new Dictionary<string, string>(),
        };
        var saved = await _store.SaveAsync(state, manifest, cancellationToken).ConfigureAwait(false);
        return new TrainingResult(saved, examples, trainSeconds, total.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Everything before the first optimizer step: options with overrides, the window split chronologically into
    /// training and holdout sessions, and the warm-started state (parent weights grown to the new id maps,
    /// parent Adam moments and step, parent replay) or a fresh one. Exposed so tests can check the warm start.
    /// </summary>
    public async Task<PreparedTraining> PrepareAsync(TrainingRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var modelOptions = _modelOptions.Clone();
        var options = _trainingOptions.Clone();
        HyperparameterOverrides.Apply(modelOptions, options, request.Hyperparameters);
        TorchRuntime.SetThreads(options.Threads);
        TorchRuntime.Seed(options.Seed);
        var device = TorchRuntime.SelectDevice(options.Device);

        var window = request.Data.ReadSessions().ToList();
        var holdoutCount = (int)Math.Floor(window.Count * options.HoldoutFraction);
        var trainable = window.Take(window.Count - holdoutCount).ToList();
        var holdout = window.Skip(window.Count - holdoutCount).ToList();
        var validationCount = options.EarlyStoppingPatience > 0 ? (int)Math.Floor(window.Count * options.ValidationFraction) : 0;
        var validationIndices = SampleIndices(trainable.Count, validationCount, options.Seed);
        var trainSessions = trainable.Where((_, i) => !validationIndices.Contains(i)).ToList();
        var validation = trainable.Where((_, i) => validationIndices.Contains(i)).ToList();

        TrainerState state;
        SessionRecModel? parentModel = null;
        ModelIdMaps? parentMaps = null;
        if (request.Mode == TrainingMode.Incremental)
        {
            if (string.IsNullOrEmpty(request.ParentVersion))
            {
                throw new InvalidOperationException("Incremental training needs a parent version.");
            }

            (_, state) = await _store.LoadAsync(request.Model, request.ParentVersion, device, options.Dropout, cancellationToken).ConfigureAwait(false);
            state.Optimizer.LearningRate = options.IncrementalLearningRate > 0 ? options.IncrementalLearningRate : options.LearningRate;
            parentModel = state.Model;
            parentMaps = state.IdMaps.Clone();
            modelOptions = parentModel.Options.Clone();
        }
        else
        {
            modelOptions.Validate();
            state = new TrainerState(
                new SessionRecModel(modelOptions, 1, 1, options.Dropout),
                new ModelIdMaps(),
                new AdamOptimizer(options.LearningRate, beta2: options.AdamBeta2),
                new ReplayReservoir(options.ReplaySessions),
                [0]);
        }

        try
        {
            var (encoded, searches) = Encode(trainSessions, state, modelOptions.QueryBuckets);
            var newSessions = encoded.Where(s => s.Rows.Length >= 2).ToList();
            var replayed = request.Mode == TrainingMode.Incremental ? state.Replay.Sessions.ToList() : [];
            var trainingSet = newSessions.Concat(replayed).ToList();
            if (trainingSet.Sum(s => s.ExampleCount) + searches.Count == 0)
            {
                throw new InvalidOperationException($"The window {request.Data.Description} holds no training examples.");
            }

            // Shape the model for the (possibly grown) id maps: a full run builds it now, an incremental run grows the parent.
            if (parentModel is not null && parentMaps is not null)
            {
                using var generator = new Generator((ulong)options.Seed);
                state.Model = ModelGrowth.Grow(parentModel, parentMaps, state.IdMaps, options.Dropout, generator);
                state.Model.to(device);
                state.Optimizer.GrowRows("item_emb.weight", state.IdMaps.ItemRows);
                state.Optimizer.GrowRows("cat_emb.weight", state.IdMaps.CategoryRows);
                parentModel.eval();
            }
            else
            {
                state.Model.Dispose();
                TorchRuntime.Seed(options.Seed);
                state.Model = new SessionRecModel(modelOptions, state.IdMaps.ItemRows, state.IdMaps.CategoryRows, options.Dropout);
                state.Model.SetItemCategories(ModelGrowth.CategoryRows(state.IdMaps));
                state.Model.to(device);
            }

            state.SyncCounts();
            return new PreparedTraining(state, parentModel, parentMaps, modelOptions, options, device, trainSessions.Count, validation, holdout, newSessions, trainingSet, searches);
        }
        catch
        {
            state.Dispose();
            if (!ReferenceEquals(parentModel, state.Model))
            {
                parentModel?.Dispose();
            }

            throw;
        }
    }

    /// <summary>Recall at <see cref="ValidationCutoff"/> on the validation slice, the early-stopping score.</summary>
    private static double ValidationRecall(TrainerState state, PreparedTraining job, CancellationToken cancellationToken) =>
        CheckpointEvaluator.Evaluate(state.Model, state.IdMaps, job.Validation, null, job.Device, job.Options.SessionItemsFirst, cancellationToken: cancellationToken,
            boost: CooccurrenceBoost.For(job.Options, state.Cooccurrence))
            .Summary.At(ValidationCutoff).Recall;

    /// <summary>
    /// A seeded sample of <paramref name="count"/> of <paramref name="total"/> indices. The validation slice is drawn at
    /// random rather than from the window's end: the newest sessions are the most valuable to train on (trained on the
    /// first 90 % of period 0 and early-stopped, the period-0 model fell from 49.45 to 46.60 Recall@20 on week 1,
    /// docs/quality-tuning.md step 3).
    /// </summary>
    private static HashSet<int> SampleIndices(int total, int count, long seed)
    {
        if (count == 0)
        {
            return [];
        }

        var indices = Enumerable.Range(0, total).ToArray();
        new Random(unchecked((int)seed)).Shuffle(indices);
        return [.. indices.Take(count)];
    }

    /// <summary>Maps sessions to rows (adding new ids at the end of the id maps) and counts events per row.</summary>
    private static (List<EncodedSession> Sessions, List<SearchExample> Searches) Encode(IReadOnlyList<SessionSequence> sessions, TrainerState state, int queryBuckets)
    {
        var encoded = new List<EncodedSession>(sessions.Count);
        var searches = new List<SearchExample>();
        foreach (var session in sessions)
        {
            var rows = new int[session.Events.Count];
            var types = new byte[session.Events.Count];
            for (var i = 0; i < rows.Length; i++)
            {
                var e = session.Events[i];
                rows[i] = state.IdMaps.GetOrAddItem(e.ItemId, e.CategoryId);
                types[i] = (byte)e.Type;
                state.SyncCounts();
                state.ItemCounts[rows[i]]++;
                var tokens = QueryTokenizer.Tokenize(e.Query);
                if (tokens.Count > 0)
                {
                    searches.Add(new SearchExample(tokens.Select(t => QueryTokenizer.Bucket(t, queryBuckets)).ToArray(), rows[i]));
                }
            }

            encoded.Add(new EncodedSession(rows, types));
        }

        return (encoded, searches);
    }
}
