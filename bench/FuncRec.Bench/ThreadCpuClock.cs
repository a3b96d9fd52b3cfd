using System.Runtime.InteropServices;

namespace FuncRec.Bench;

/// <summary>
/// Per-thread CPU time (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>), so latency figures taken on a shared,
/// oversubscribed build machine count the work done rather than time spent preempted.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, out TimeSpec time);

    public static bool IsSupported { get; } = OperatingSystem.IsLinux() && Probe();

    /// <summary>Nanoseconds of CPU this thread has used, or 0 where unsupported.</summary>
    public static long NowNs()
    {
        if (!OperatingSystem.IsLinux() || ClockGetTime(ClockThreadCpuTimeId, out var t) != 0)
        {
            return 0;
        }

        return (t.Seconds * 1_000_000_000L) + t.Nanoseconds;
    }

    private static bool Probe()
    {
        try
        {
            return ClockGetTime(ClockThreadCpuTimeId, out _) == 0;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
    }
}
