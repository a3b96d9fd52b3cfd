using System.Globalization;
using FuncRec.Core.Checkpoints;
using FuncRec.Core.Features;
using FuncRec.Trainer.Execution;
using Microsoft.Extensions.Options;

namespace FuncRec.Trainer.Data;

/// <summary>
/// Reads a Diginetica dataset slice from the ADER period files (<c>ader_periods/period_N.txt</c>, one
/// <c>session_id item_id</c> view per line in time order). Sessions are grouped by id in order of first
/// appearance; a session crossing a period boundary continues in the later period, as in the source data.
/// </summary>
public sealed class DigineticaSliceDataSource(IOptions<TrainingDataOptions> options) : ITrainingDataSource
{
    private readonly TrainingDataOptions _options = options.Value;

    /// <inheritdoc />
    public bool CanRead(DataWindow window) =>
        window?.DatasetSlice is { } slice && slice.StartsWith(DatasetSlice.Diginetica + ":", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public async Task<TrainingDataset> ReadAsync(DataWindow window, IProgress<double> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(progress);
        if (!DatasetSlice.TryParse(window.DatasetSlice, out var slice, out var error))
        {
            throw new TrainingJobException(error);
        }

        var directory = _options.ResolveDigineticaDirectory();
        var files = Enumerable.Range(slice.FirstPeriod, slice.LastPeriod - slice.FirstPeriod + 1)
            .Select(p => Path.Combine(directory, "ader_periods", string.Create(CultureInfo.InvariantCulture, $"period_{p}.txt")))
            .ToArray();
        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                throw new TrainingJobException($"Dataset slice '{slice}': '{file}' does not exist (set {TrainingDataOptions.SectionName}:{nameof(TrainingDataOptions.DigineticaDirectory)}).");
            }
        }

        var totalBytes = Math.Max(1, files.Sum(f => new FileInfo(f).Length));
        long readBytes = 0;
        long interactions = 0;
        var order = new List<string>();
        var items = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            using var reader = new StreamReader(file);
            var lineNumber = 0;
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                lineNumber++;
                readBytes += line.Length + 1;
                if (line.Length == 0)
                {
                    continue;
                }

                var space = line.IndexOf(' ', StringComparison.Ordinal);
                if (space <= 0 || space == line.Length - 1)
                {
                    throw new TrainingJobException($"{file}:{lineNumber}: expected '<session_id> <item_id>', got '{line}'.");
                }

                var session = line[..space];
                if (!items.TryGetValue(session, out var list))
                {
                    items[session] = list = [];
                    order.Add(session);
                }

                list.Add(line[(space + 1)..].Trim());
                interactions++;
                if ((interactions & 0x3FFF) == 0)
                {
                    progress.Report((double)readBytes / totalBytes);
                }
            }
        }

        progress.Report(1.0);
        var sessions = order
            .Select(id => new TrainingSession(id, items[id], Enumerable.Repeat(InteractionType.View, items[id].Count).ToArray()))
            .ToArray();
        return new TrainingDataset(sessions, interactions, slice.ToString());
    }
}
