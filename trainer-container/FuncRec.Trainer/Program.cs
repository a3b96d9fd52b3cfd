using FuncRec.Trainer.Hosting;
using FuncRec.Trainer.Runtime;

// serve (default): the HTTP job service. train --spec job.json: one job through the job store, for Container
// Apps jobs. device: what libtorch sees. Wiring lives in Hosting/TrainerBuilderExtensions.
switch (args)
{
    case ["device", ..]:
        Console.WriteLine(TorchRuntime.Describe(TorchRuntime.SelectDevice()));
        return 0;
    case ["train", .. var trainArgs] when trainArgs.Contains("--spec"):
        return await TrainJobCommand.RunAsync(trainArgs);
    case ["serve", .. var serveArgs]:
        await TrainerService.Build(serveArgs).RunAsync();
        return 0;
    case [var first, ..] when !first.StartsWith('-'):
        Console.Error.WriteLine($"unknown command '{first}'; usage: funcrec-trainer [serve] [--urls URL] | train --spec job.json | device");
        return 2;
    default:
        await TrainerService.Build(args).RunAsync();
        return 0;
}
