using System.Globalization;
using FuncRec.Infrastructure.LocalServices;
using FuncRec.Trainer.Checkpoints;
using FuncRec.Trainer.Data;
using FuncRec.Trainer.Model;
using FuncRec.Trainer.Training;
using Microsoft.Extensions.Options;

namespace FuncRec.Trainer.Hosting;

/// <summary><c>funcrec-trainer train</c>: one version from Diginetica periods into a local checkpoint folder.</summary>
public static class TrainCommand
{
    /// <summary>Runs the command; returns the exit code.</summary>
    public static async Task<int> RunAsync(CommandLine cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var data = cli.DataDirectory();
        var periods = (cli.Get("periods") ?? throw new ArgumentException("--periods A-B is required.")).Split('-');
        var first = int.Parse(periods[0], CultureInfo.InvariantCulture);
        var last = int.Parse(periods[^1], CultureInfo.InvariantCulture);
        var overrides = cli.GetSettings("set");
        var store = new CheckpointStore(new DirectoryCheckpointStorage(RepositoryRoot.Resolve(cli.Get("out", ".run/train")!)));
        var trainer = new IncrementalTrainer(store, Options.Create(new ModelOptions()), Options.Create(new TrainingOptions()));
        var parent = cli.Get("parent");
        var request = new TrainingRequest
        {
            Model = cli.Get("model", "session-rec")!,
            Version = cli.Get("version"),
            ParentVersion = parent,
            Mode = parent is null ? TrainingMode.Full : TrainingMode.Incremental,
            Data = new DigineticaPeriodSource(data, first, last, DigineticaCategories.TryLoad(Path.GetDirectoryName(Path.GetFullPath(data))!)),
            Hyperparameters = overrides,
        };
        var lastReport = DateTime.UtcNow;
        var progress = new Progress<double>(p =>
        {
            if ((DateTime.UtcNow - lastReport).TotalSeconds >= 10)
            {
                lastReport = DateTime.UtcNow;
                Console.WriteLine($"[train] {p:P0}");
            }
        });
        var result = await trainer.TrainAsync(request, progress);
        Console.WriteLine($"version={result.Version} parent={result.Manifest.Parent ?? "-"} examples={result.ExamplesProcessed} train_seconds={result.TrainSeconds:F1} total_seconds={result.TotalSeconds:F1}");
        foreach (var (k, v) in result.Metrics.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"  {k}={v:F4}");
        }

        return 0;
    }
}
