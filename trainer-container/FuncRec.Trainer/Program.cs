using FuncRec.Trainer.Hosting;
using FuncRec.Trainer.Runtime;

// serve (default): the HTTP job service (Hosting/TrainerBuilderExtensions). train --spec job.json: one job
// through the job store, for Container Apps jobs. train --periods: one local version. quality: the
// incremental / full / stale experiment. device: what libtorch sees.
try
{
    switch (args)
    {
        case ["device", ..]:
            Console.WriteLine(TorchRuntime.Describe(TorchRuntime.SelectDevice()));
            return 0;
        case ["train", .. var trainArgs] when trainArgs.Contains("--spec"):
            return await TrainJobCommand.RunAsync(trainArgs);
        case ["train", .. var rest]:
            return await TrainCommand.RunAsync(new CommandLine(rest));
        case ["quality", .. var rest]:
            return await QualityCommand.RunAsync(new CommandLine(rest));
        case ["serve", .. var serveArgs]:
            await TrainerService.Build(serveArgs).RunAsync();
            return 0;
        case [var first, ..] when !first.StartsWith('-'):
            return Usage($"unknown command '{first}'");
        default:
            await TrainerService.Build(args).RunAsync();
            return 0;
    }
}
catch (Exception ex) when (ex is ArgumentException or FormatException or DirectoryNotFoundException or FileNotFoundException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}

static int Usage(string problem)
{
    Console.Error.WriteLine($"""
        {problem}
        usage: funcrec-trainer <command> [options]
          serve [--urls URL]                           the HTTP job service (default)
          train --spec job.json                        run one job through the job store (Container Apps jobs)
          train --periods A-B [--parent V] [--version V] [--model M] [--out DIR] [--data DIR] [--set Key=Value ...]
                                                       train one version into DIR (a local checkpoint folder)
          quality [--quick] [--data DIR] [--out FILE] [--work DIR] [--weeks N]
                                                       the incremental / full / stale experiment (docs/quality.md)
          device                                       what libtorch sees
        """);
    return 2;
}
