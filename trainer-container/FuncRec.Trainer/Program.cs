using FuncRec.Trainer.Runtime;

// The job service and the `train --spec` CLI are wired here as they land; `device` reports what libtorch sees.
if (args is ["device", ..])
{
    Console.WriteLine(TorchRuntime.Describe(TorchRuntime.SelectDevice()));
    return 0;
}

Console.Error.WriteLine("usage: funcrec-trainer device");
return 2;
