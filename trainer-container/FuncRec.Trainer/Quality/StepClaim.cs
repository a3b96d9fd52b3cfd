using System.Diagnostics;
using System.Globalization;

namespace FuncRec.Trainer.Quality;

/// <summary>
/// A claim on one training step of the quality experiment, held as a file in the work folder, so that several
/// processes started on the same folder train different steps instead of the same one. The file names the
/// holder's machine, process id and process start time; a claim whose process has ended on this machine is stale
/// and may be taken over. A claim from another machine cannot be checked and counts as live until its file is removed.
/// </summary>
public sealed class StepClaim : IDisposable
{
    private static readonly TimeSpan s_unwrittenGrace = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan s_startTimeTolerance = TimeSpan.FromSeconds(1);

    private readonly string _path;

    private StepClaim(string path) => _path = path;

    /// <summary>The claim file of <paramref name="step"/> (e.g. <c>full-w7</c>) in <paramref name="workDirectory"/>.</summary>
    public static string PathOf(string workDirectory, string step) => System.IO.Path.Combine(workDirectory, "claims", $"{step}.claim");

    /// <summary>Claims <paramref name="step"/> for this process; null when a live process holds it.</summary>
    public static StepClaim? TryAcquire(string workDirectory, string step)
    {
        var path = PathOf(workDirectory, step);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                // CreateNew is the atomic test-and-set: of two processes racing for the step, exactly one creates the file.
                using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
                using (var writer = new StreamWriter(stream))
                {
                    writer.Write(Describe(Process.GetCurrentProcess()));
                }

                return new StepClaim(path);
            }
            catch (IOException) when (File.Exists(path))
            {
                if (IsLive(path))
                {
                    return null;
                }

                // The holder died without releasing; the second attempt races any other process that saw the same.
                File.Delete(path);
            }
        }

        return null;
    }

    /// <summary>Whether a live process holds <paramref name="step"/>.</summary>
    public static bool IsHeld(string workDirectory, string step)
    {
        var path = PathOf(workDirectory, step);
        return File.Exists(path) && IsLive(path);
    }

    /// <summary>The text that identifies <paramref name="process"/> in a claim file: machine, id and start time.</summary>
    public static string Describe(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        return string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName} {process.Id} {process.StartTime.ToUniversalTime().Ticks}");
    }

    /// <summary>Releases the claim.</summary>
    public void Dispose() => File.Delete(_path);

    private static bool IsLive(string path)
    {
        string[] parts;
        try
        {
            parts = File.ReadAllText(path).Split(' ');
        }
        catch (FileNotFoundException)
        {
            return false;
        }

        if (parts.Length != 3 || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var pid) || !long.TryParse(parts[2], CultureInfo.InvariantCulture, out var started))
        {
            // A half-written file: its writer is between CreateNew and Write, unless it died there long ago.
            return DateTime.UtcNow - File.GetLastWriteTimeUtc(path) < s_unwrittenGrace;
        }

        if (parts[0] != Environment.MachineName)
        {
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            // The start time tells a reused process id from the holder. It is compared within a tolerance because
            // .NET derives it from the boot time as seen at the moment of asking, which differs slightly between processes.
            return !process.HasExited && Math.Abs(process.StartTime.ToUniversalTime().Ticks - started) < s_startTimeTolerance.Ticks;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
