using FuncRec.Core.Checkpoints;

namespace FuncRec.Trainer.Data;

/// <summary>
/// Reads the interactions a job trains on. The dataset-slice source reads the Diginetica period files;
/// the segment reader (blob training segments between per-partition watermarks) plugs in as another
/// implementation, and <see cref="TrainingDataReader"/> picks whichever can read a window.
/// </summary>
public interface ITrainingDataSource
{
    /// <summary>True when this source understands <paramref name="window"/>.</summary>
    bool CanRead(DataWindow window);

    /// <summary>Reads the window's sessions in time order, reporting progress 0..1.</summary>
    /// <exception cref="FuncRec.Trainer.Execution.TrainingJobException">The window names data that does not exist.</exception>
    Task<TrainingDataset> ReadAsync(DataWindow window, IProgress<double> progress, CancellationToken cancellationToken);
}
