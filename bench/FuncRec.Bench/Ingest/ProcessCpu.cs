using System.Diagnostics;
using System.Globalization;

namespace FuncRec.Bench.Ingest;

/// <summary>
/// CPU seconds (user + system) of the benchmark's own process and of Azurite, read from the OS, so the
/// end-to-end run can say where a 2-core machine's time went: redis-server, this process, Azurite, or idle.
/// </summary>
internal readonly record struct ProcessCpu(double Self, double Azurite, long Allocated, TimeSpan GcPause, int Gen0, int Gen1, int Gen2)
{
    // USER_HZ: the unit of utime/stime in /proc/{pid}/stat; 100 on every Linux architecture .NET supports.
    private const double TicksPerSecond = 100;

    public static ProcessCpu Read(int azuritePid)
    {
        using var self = Process.GetCurrentProcess();
        return new ProcessCpu(self.TotalProcessorTime.TotalSeconds, ReadProcStat(azuritePid), GC.GetTotalAllocatedBytes(),
            GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
    }

    public static ProcessCpu operator -(ProcessCpu a, ProcessCpu b) =>
        new(a.Self - b.Self, a.Azurite - b.Azurite, a.Allocated - b.Allocated, a.GcPause - b.GcPause, a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2);

    // Azurite is node (the launcher execs it); its worker threads count in the process's own utime/stime.
    private static double ReadProcStat(int pid)
    {
        var path = $"/proc/{pid}/stat";
        if (!File.Exists(path))
        {
            return double.NaN;
        }

        // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
        var stat = File.ReadAllText(path);
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state), so utime (14) and stime (15) are at 11 and 12.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }
}
