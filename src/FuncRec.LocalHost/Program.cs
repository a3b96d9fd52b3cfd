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
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: funcrec-local kafka [--brokers N] | import diginetica [DIR] [--out FILE] [--kafka BOOTSTRAP] [--periods A-B]");
    return 2;
}
