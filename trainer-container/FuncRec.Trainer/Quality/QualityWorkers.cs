using System.Diagnostics;

namespace FuncRec.Trainer.Quality;

/// <summary>
/// The helper processes of <c>quality --workers N</c>: N − 1 copies of this trainer running the same command on the same
/// work folder with <c>--no-report</c>. <see cref="StepClaim"/> keeps them on different steps; the process that started
/// them writes the report once they are done. Each helper's output goes to <c>worker-{n}.log</c> in the work folder.
/// </summary>
public sealed class QualityWorkers : IDisposable
{
    /// <summary>The flag a helper gets, so that only the starting process writes the report.</summary>
    public const string NoReportFlag = "--no-report";

    private readonly List<(Process Process, StreamWriter Log, string Path)> _workers = [];

    private QualityWorkers()
    {
    }

    /// <summary>Starts <paramref name="count"/> helpers running <c>quality</c> with <paramref name="arguments"/> (without <c>--workers</c>).</summary>
    public static QualityWorkers Start(int count, string workDirectory, IReadOnlyList<string> arguments, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(log);
        var workers = new QualityWorkers();
        Directory.CreateDirectory(workDirectory);
        for (var n = 2; n <= count + 1; n++)
        {
            var start = SelfStartInfo();
            start.ArgumentList.Add("quality");
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            start.ArgumentList.Add(NoReportFlag);
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            start.UseShellExecute = false;
            var path = Path.Combine(workDirectory, $"worker-{n}.log");
            var writer = new StreamWriter(path, append: true) { AutoFlush = true };
            var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => Write(writer, e.Data);
            process.ErrorDataReceived += (_, e) => Write(writer, e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            workers._workers.Add((process, writer, path));
            log.WriteLine($"[quality] started worker {n} (pid {process.Id}), output in {path}");
            // Staggered, so the helpers do not all start on the same step before the first claim exists.
            Thread.Sleep(TimeSpan.FromSeconds(2));
        }

        return workers;
    }

    /// <summary>Waits for every helper; throws when one failed, naming its log.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        foreach (var (process, _, path) in _workers)
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"A quality worker exited with code {process.ExitCode}; see {path}.");
            }
        }
    }

    /// <summary>Releases the helpers' handles and logs (the helpers themselves run on).</summary>
    public void Dispose()
    {
        foreach (var (process, writer, _) in _workers)
        {
            process.Dispose();
            writer.Dispose();
        }
    }

    private static void Write(StreamWriter writer, string? line)
    {
        if (line is not null)
        {
            lock (writer)
            {
                writer.WriteLine(line);
            }
        }
    }

    /// <summary>How to start this trainer again: its apphost, or the dotnet host with its assembly (as under a test host).</summary>
    private static ProcessStartInfo SelfStartInfo()
    {
        var assembly = typeof(QualityWorkers).Assembly.Location;
        var apphost = Path.Combine(Path.GetDirectoryName(assembly)!, Path.GetFileNameWithoutExtension(assembly) + (OperatingSystem.IsWindows() ? ".exe" : string.Empty));
        if (File.Exists(apphost))
        {
            return new ProcessStartInfo(apphost);
        }

        var host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var start = new ProcessStartInfo(host);
        start.ArgumentList.Add(assembly);
        return start;
    }
}
