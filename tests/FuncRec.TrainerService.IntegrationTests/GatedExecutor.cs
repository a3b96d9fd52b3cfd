using FuncRec.Core.Training;
using FuncRec.Trainer.Cooccurrence;
using FuncRec.Trainer.Execution;
using Microsoft.Extensions.DependencyInjection;

namespace FuncRec.TrainerService.IntegrationTests;

/// <summary>
/// Holds each run at a known point (after reporting <see cref="HeldProgress"/>) until the test opens the gate,
/// then hands over to the real co-occurrence trainer. It lets a test observe a job mid-run, or stop the host
/// while a job is running, without depending on how fast the machine trains.
/// </summary>
internal sealed class GatedExecutor(ITrainingExecutor inner, bool ignoreCancellation = false) : ITrainingExecutor
{
    public const double HeldProgress = 0.25;

    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _runs;

    public int Runs => Volatile.Read(ref _runs);

    /// <summary>Completes when a run has reached the gate.</summary>
    public Task Entered => _entered.Task;

    /// <summary>Completes when a run has returned or thrown.</summary>
    public Task Exited => _exited.Task;

    public void Open() => _gate.TrySetResult();

    public static Action<IServiceCollection> Register(GatedExecutor.Holder holder, bool ignoreCancellation = false) => services =>
    {
        services.AddSingleton<CooccurrenceTrainingExecutor>();
        services.AddSingleton<ITrainingExecutor>(sp =>
            holder.Executor = new GatedExecutor(sp.GetRequiredService<CooccurrenceTrainingExecutor>(), ignoreCancellation));
    };

    public async Task<TrainingJobResult> RunAsync(TrainingJobSpec spec, IProgress<double> progress, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _runs);
        try
        {
            progress.Report(HeldProgress);
            _entered.TrySetResult();

            // Ignoring cancellation models a trainer that is killed rather than stopped: nothing it does after
            // the host goes away may count.
            await _gate.Task.WaitAsync(ignoreCancellation ? CancellationToken.None : cancellationToken);
            return await inner.RunAsync(spec, progress, cancellationToken);
        }
        finally
        {
            _exited.TrySetResult();
        }
    }

    /// <summary>Receives the executor the host's container creates.</summary>
    internal sealed class Holder
    {
        public GatedExecutor? Executor { get; set; }
    }
}
