using FuncRec.Trainer.Hosting;
using FuncRec.Trainer.Runtime;

// Commands of the trainer executable; the HTTP job service wraps IncrementalTrainer separately.
try
{
    return args switch
    {
        ["device", ..] => Device(),
        ["train", .. var rest] => await TrainCommand.RunAsync(new CommandLine(rest)),
        ["quality", .. var rest] => await QualityCommand.RunAsync(new CommandLine(rest)),
        _ => Usage(),
    };
}
catch (Exception ex) when (ex is ArgumentException or FormatException or DirectoryNotFoundException or FileNotFoundException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}

static int Device()
{
    Console.WriteLine(TorchRuntime.Describe(TorchRuntime.SelectDevice()));
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("""
        usage: funcrec-trainer <command> [options]
          device                                       what libtorch sees
          train --periods A-B [--parent V] [--version V] [--model M] [--out DIR] [--data DIR] [--set Key=Value ...]
                                                       train one version into DIR (a local checkpoint folder)
          quality [--quick] [--data DIR] [--out FILE] [--work DIR] [--weeks N]
                                                       the incremental / full / stale experiment (docs/quality.md)
        """);
    return 2;
}
