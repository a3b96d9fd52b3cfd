using FuncRec.Core.Checkpoints;
using FuncRec.Trainer.Execution;

namespace FuncRec.Trainer.Data;

/// <summary>Routes a data window to the first registered <see cref="ITrainingDataSource"/> that can read it.</summary>
public sealed class TrainingDataReader(IEnumerable<ITrainingDataSource> sources)
{
    private readonly ITrainingDataSource[] _sources = [.. sources];

    /// <summary>Reads <paramref name="window"/> through the source that understands it.</summary>
    /// <exception cref="TrainingJobException">No registered source reads this kind of window.</exception>
    public Task<TrainingDataset> ReadAsync(DataWindow window, IProgress<double> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        var source = _sources.FirstOrDefault(s => s.CanRead(window))
            ?? throw new TrainingJobException(window.DatasetSlice is null
                ? "No data source in this trainer reads segment watermark windows yet; register the segment reader's ITrainingDataSource, or use a datasetSlice."
                : $"No data source in this trainer reads dataset slice '{window.DatasetSlice}'.");
        return source.ReadAsync(window, progress, cancellationToken);
    }
}
