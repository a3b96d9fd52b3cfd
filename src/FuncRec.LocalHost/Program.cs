using FuncRec.LocalHost.Commands;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();

return args switch
{
    ["kafka", .. var rest] => await KafkaBrokerCommand.RunAsync(rest, stop.Token),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: funcrec-local kafka [--brokers N]");
    return 2;
}
