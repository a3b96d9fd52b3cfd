using FuncRec.LocalHost.Commands;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) =>
{
    try
    {
        stop.Cancel();
    }
    catch (ObjectDisposedException)
    {
        // The command already finished and disposed the source; nothing left to stop.
    }
};

return args switch
{
    ["kafka", .. var rest] => await KafkaBrokerCommand.RunAsync(rest, stop.Token),
    ["import", .. var rest] => await ImportCommand.RunAsync(rest, stop.Token),
    ["serve", .. var rest] => await ServeCommand.RunAsync(rest, stop.Token),
    ["demo", .. var rest] => await DemoCommand.RunAsync(rest, stop.Token),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: funcrec-local <command>
          demo [--exit] [--weeks N] [--data DIR] [--synthetic]   the whole pipeline on the Diginetica weeks, with a live view and a report
          serve [--Section:Key=value ...]                         the pipeline as a service on localhost until Ctrl+C
          kafka [--brokers N]                                     a Kafka-protocol broker until Ctrl+C
          import diginetica [DIR] [--out FILE] [--kafka BOOTSTRAP] [--periods A-B]
        """);
    return 2;
}
