using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using FuncRec.Core.Checkpoints;
using FuncRec.Core.Metrics;
using FuncRec.Core.Training;
using FuncRec.Trainer.Data;
using FuncRec.Trainer.Execution;
using FuncRec.Trainer.Hosting;
using FuncRec.Trainer.Runtime;
using FuncRec.Trainer.Versions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TorchSharp;
using static TorchSharp.torch;

namespace FuncRec.Trainer.Cooccurrence;

/// <summary>
/// A small but real trainer: an item co-occurrence model computed with TorchSharp tensors. Item popularity is
/// a bincount, and each item's factors are its co-occurrence row (sessions, neighbours up to
/// <see cref="CooccurrenceOptions.Window"/> apart) times a fixed random projection, so incremental training is
/// exact accumulation: parent factors times decay plus the new window's. It writes a complete version through
/// the checkpoint layout and evaluates next-item Recall/MRR on held-out sessions. It is not the SASRec model of
/// docs/model.md (serving cannot load it); it exercises the job service end to end until the real
/// IncrementalTrainer is registered in its place.
/// </summary>
public sealed partial class CooccurrenceTrainingExecutor(
    TrainingDataReader data,
    BlobVersionStore versions,
    IOptions<CooccurrenceOptions> options,
    IOptions<TrainerOptions> trainerOptions,
    TimeProvider time,
    ILogger<CooccurrenceTrainingExecutor> logger) : ITrainingExecutor
{
    /// <summary>Tensor name of item popularity, [N] F32.</summary>
    public const string PopularityTensor = "cooc.popularity";

    /// <summary>Tensor name of item factors, [N, dim] F32.</summary>
    public const string FactorsTensor = "cooc.item_factors";

    /// <summary>Tensor name of the accumulated training-pair count in optimizer.bin, [1] I64.</summary>
    public const string ExamplesTensor = "state.examples";

    // Projection rows are drawn in fixed blocks, each from its own seed, so row r's projection is the same
    // whatever the catalogue size: that is what lets a child add to its parent's factors.
    private const int ProjectionBlockRows = 1024;
    private const int EvalBatch = 256;

    private static readonly string s_trainerVersion =
        (typeof(CooccurrenceTrainingExecutor).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0") + "/cooccurrence";

    /// <inheritdoc />
    public async Task<TrainingJobResult> RunAsync(TrainingJobSpec spec, IProgress<double> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(progress);
        var hp = CooccurrenceHyperparameters.Resolve(options.Value, spec.Hyperparameters);
        var device = TorchRuntime.SelectDevice(trainerOptions.Value.Device);

        // Parent: id rows are kept in both modes (rows are append-only along a chain); weights only warm-start incremental runs.
        var maps = new ModelIdMaps();
        float[]? parentPopularity = null, parentFactors = null;
        long parentExamples = 0;
        if (spec.ParentVersion is { } parentVersion)
        {
            var (parentManifest, parentFiles) = await versions.ReadAsync(spec.Model, parentVersion, cancellationToken).ConfigureAwait(false);
            maps = ModelIdMaps.Read(new MemoryStream(parentFiles[CheckpointLayout.IdMapFile]));
            if (spec.Mode == TrainingMode.Incremental)
            {
                (parentPopularity, parentFactors, parentExamples) = ReadParentWeights(parentManifest, parentFiles, hp, maps);
            }
        }

        progress.Report(0.02);
        var dataset = await data.ReadAsync(spec.Window, new ScaledProgress(progress, 0.02, 0.40), cancellationToken).ConfigureAwait(false);
        var holdout = (int)Math.Floor(dataset.Sessions.Count * spec.HoldoutFraction);
        var train = dataset.Sessions.Take(dataset.Sessions.Count - holdout).ToArray();
        var test = dataset.Sessions.Skip(train.Length).ToArray();
        if (train.Length == 0)
        {
            throw new TrainingJobException($"The window '{dataset.Description}' holds no training sessions.");
        }

        // Rows and co-occurring pairs (both directions), in session order.
        var itemRows = new List<long>();
        var left = new List<long>();
        var right = new List<long>();
        for (var s = 0; s < train.Length; s++)
        {
            var rows = train[s].ItemIds.Select(id => (long)maps.GetOrAddItem(id)).ToArray();
            itemRows.AddRange(rows);
            for (var i = 0; i < rows.Length; i++)
            {
                for (var j = i + 1; j < rows.Length && j <= i + hp.Window; j++)
                {
                    if (rows[i] != rows[j])
                    {
                        left.Add(rows[i]);
                        right.Add(rows[j]);
                        left.Add(rows[j]);
                        right.Add(rows[i]);
                    }
                }
            }

            if ((s & 0x3FF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress.Report(0.40 + (0.15 * s / train.Length));
            }
        }

        var n = maps.ItemRows;
        LogTraining(logger, spec.JobId, dataset.Description, train.Length, test.Length, n - 1, left.Count, device.type.ToString());
        progress.Report(0.55);

        float[] popularity, factors;
        MetricAccumulator metrics;
        using (NewDisposeScope())
        {
            var pop = bincount(tensor(itemRows.ToArray(), device: device), minlength: n).to_type(ScalarType.Float32);
            var projection = Projection(n, hp.Dim, hp.Seed, device);
            var f = zeros(n, hp.Dim, device: device);
            if (left.Count > 0)
            {
                var indices = stack([tensor(left.ToArray(), device: device), tensor(right.ToArray(), device: device)]);
                var cooc = sparse_coo_tensor(indices, ones(left.Count, device: device), [n, n]);
                f = cooc.matmul(projection);
            }

            if (parentPopularity is not null && parentFactors is not null)
            {
                var rowsParent = parentPopularity.Length;
                pop[TensorIndex.Slice(0, rowsParent)] += tensor(parentPopularity, device: device) * hp.Decay;
                f[TensorIndex.Slice(0, rowsParent)] += tensor(parentFactors, device: device).reshape(rowsParent, hp.Dim) * hp.Decay;
            }

            progress.Report(0.70);
            cancellationToken.ThrowIfCancellationRequested();
            metrics = Evaluate(test, maps, f, pop, new ScaledProgress(progress, 0.70, 0.90), cancellationToken);
            popularity = pop.cpu().data<float>().ToArray();
            factors = f.cpu().data<float>().ToArray();
        }

        var created = time.GetUtcNow();
        var version = CheckpointLayout.NewVersionName(created, Suffix(spec.JobId));
        var summary = metrics.Summarize();
        var metricValues = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["eval_cases"] = summary.Cases,
            ["train_sessions"] = train.Length,
            ["train_pairs"] = left.Count,
        };
        if (summary.Cases > 0)
        {
            foreach (var k in new[] { 10, 20 })
            {
                metricValues[$"recall@{k}"] = summary.At(k).Recall;
                metricValues[$"mrr@{k}"] = summary.At(k).Mrr;
            }
        }

        var manifest = new ModelManifest
        {
            Model = spec.Model,
            Version = version,
            Parent = spec.ParentVersion,
            CreatedUtc = created,
            Mode = spec.Mode == TrainingMode.Full ? "full" : "incremental",
            TrainerVersion = s_trainerVersion,
            Window = spec.Window,
            Counts = new Dictionary<string, long>(StringComparer.Ordinal)
            {
                ["interactions"] = dataset.Interactions,
                ["sessions"] = dataset.Sessions.Count,
                ["train_sessions"] = train.Length,
                ["train_interactions"] = itemRows.Count,
                ["holdout_sessions"] = test.Length,
                ["items"] = n - 1,
                ["examples"] = left.Count,
                ["examples_total"] = parentExamples + left.Count,
            },
            Hyperparameters = new Dictionary<string, string>(hp.ToDictionary()) { ["holdout_fraction"] = spec.HoldoutFraction.ToString("R", CultureInfo.InvariantCulture) },
            Metrics = metricValues,
            Sha256 = new Dictionary<string, string>(),
        };
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [CheckpointLayout.WeightsFile] = WriteSafeTensors(
                [SafeTensor.FromFloats(PopularityTensor, popularity, n), SafeTensor.FromFloats(FactorsTensor, factors, n, hp.Dim)],
                new Dictionary<string, string>
                {
                    ["format"] = "pt",
                    ["kind"] = "cooccurrence",
                    ["dim"] = hp.Dim.ToString(CultureInfo.InvariantCulture),
                    ["seed"] = hp.Seed.ToString(CultureInfo.InvariantCulture),
                }),
            [CheckpointLayout.OptimizerFile] = WriteSafeTensors(
                [new SafeTensor(ExamplesTensor, SafeTensorDType.I64, [1], BitConverter.GetBytes(parentExamples + left.Count))], null),
            [CheckpointLayout.IdMapFile] = WriteIdMaps(maps),
        };
        progress.Report(0.92);
        await versions.WriteAsync(manifest, files, cancellationToken).ConfigureAwait(false);
        progress.Report(1.0);
        return new TrainingJobResult(version, metricValues);
    }

    private static (float[] Popularity, float[] Factors, long Examples) ReadParentWeights(
        ModelManifest parent, IReadOnlyDictionary<string, byte[]> files, CooccurrenceHyperparameters hp, ModelIdMaps maps)
    {
        var weights = SafeTensorsFile.Read(files[CheckpointLayout.WeightsFile]);
        if (!weights.Tensors.ContainsKey(FactorsTensor))
        {
            throw new TrainingJobException($"Parent '{parent.Model}/{parent.Version}' is not a co-occurrence model (no '{FactorsTensor}').");
        }

        var factors = weights.Get(FactorsTensor);
        var popularity = weights.Get(PopularityTensor);
        if (factors.Shape is not [var rows, var dim] || dim != hp.Dim || rows != maps.ItemRows || popularity.ElementCount != rows)
        {
            throw new TrainingJobException(
                $"Parent '{parent.Model}/{parent.Version}' has factors [{string.Join(',', factors.Shape)}] for {maps.ItemRows} item rows; this job needs dim {hp.Dim}.");
        }

        if (parent.Hyperparameters.TryGetValue("seed", out var seed) && seed != hp.Seed.ToString(CultureInfo.InvariantCulture))
        {
            throw new TrainingJobException($"Parent '{parent.Model}/{parent.Version}' used seed {seed}; an incremental child must use the same seed.");
        }

        var optimizer = SafeTensorsFile.Read(files[CheckpointLayout.OptimizerFile]);
        var examples = optimizer.Tensors.TryGetValue(ExamplesTensor, out var e) ? BitConverter.ToInt64(e.Data.Span) : 0;
        return (popularity.ToFloats(), factors.ToFloats(), examples);
    }

    private static Tensor Projection(long rows, int dim, long seed, Device device)
    {
        var blocks = new List<Tensor>();
        for (long start = 0, block = 0; start < rows; start += ProjectionBlockRows, block++)
        {
            using var generator = new Generator((ulong)(seed + (block * 7919)));
            var full = randn([ProjectionBlockRows, dim], generator: generator);
            blocks.Add(full[TensorIndex.Slice(0, Math.Min(ProjectionBlockRows, rows - start))]);
        }

        return cat(blocks, 0).to(device) / Math.Sqrt(dim);
    }

    // Next-item cases from held-out sessions: context = the previous item, candidates = every known item,
    // score = cosine of factors plus a tiny popularity tie-break. Items the model has never seen are skipped.
    private static MetricAccumulator Evaluate(
        IReadOnlyList<TrainingSession> sessions, ModelIdMaps maps, Tensor factors, Tensor popularity, IProgress<double> progress, CancellationToken cancellationToken)
    {
        var accumulator = new MetricAccumulator(10, 20);
        var contexts = new List<long>();
        var targets = new List<long>();
        foreach (var session in sessions)
        {
            for (var t = 1; t < session.ItemIds.Count; t++)
            {
                int context = maps.ItemRow(session.ItemIds[t - 1]), target = maps.ItemRow(session.ItemIds[t]);
                if (context > 0 && target > 0)
                {
                    contexts.Add(context);
                    targets.Add(target);
                }
            }
        }

        if (contexts.Count == 0)
        {
            return accumulator;
        }

        using var scope = NewDisposeScope();
        var normalized = nn.functional.normalize(factors, p: 2, dim: 1);
        var prior = (popularity + 1).log() * 1e-4f;
        prior[0] = float.NegativeInfinity;
        for (var start = 0; start < contexts.Count; start += EvalBatch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var batchScope = NewDisposeScope();
            var count = Math.Min(EvalBatch, contexts.Count - start);
            var ctx = tensor(CollectionsMarshal.AsSpan(contexts).Slice(start, count).ToArray(), device: factors.device);
            var tgt = tensor(CollectionsMarshal.AsSpan(targets).Slice(start, count).ToArray(), device: factors.device);
            var scores = normalized[ctx].matmul(normalized.t()) + prior;
            var targetScores = scores.gather(1, tgt.unsqueeze(1));
            var ranks = (scores > targetScores).sum(1).cpu().data<long>().ToArray();
            foreach (var above in ranks)
            {
                accumulator.Add((int)above + 1);
            }

            progress.Report((double)(start + count) / contexts.Count);
        }

        return accumulator;
    }

    private static byte[] WriteSafeTensors(IReadOnlyList<SafeTensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        using var stream = new MemoryStream();
        SafeTensorsFile.Write(stream, tensors, metadata);
        return stream.ToArray();
    }

    private static byte[] WriteIdMaps(ModelIdMaps maps)
    {
        using var stream = new MemoryStream();
        maps.Write(stream);
        return stream.ToArray();
    }

    // Version names allow letters, digits, '-', '_' and '.'; the job id already obeys that, but is trimmed to keep names short.
    private static string Suffix(string jobId) => jobId.Length <= 24 ? jobId : jobId[^24..];

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Job {JobId}: co-occurrence training on {Slice}: {TrainSessions} sessions ({HoldoutSessions} held out), {Items} items, {Pairs} pairs, device {Device}")]
    private static partial void LogTraining(ILogger logger, string jobId, string slice, int trainSessions, int holdoutSessions, int items, int pairs, string device);
}
