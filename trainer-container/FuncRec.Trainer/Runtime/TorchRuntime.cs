using TorchSharp;
using static TorchSharp.torch;

namespace FuncRec.Trainer.Runtime;

/// <summary>Chooses the compute device at run time and makes runs reproducible.</summary>
public static class TorchRuntime
{
    /// <summary>
    /// CUDA when the CUDA build of libtorch is loaded and a GPU is visible, else CPU. The choice is made at
    /// run time so one image runs anywhere; <paramref name="requested"/> ("cpu", "cuda" or "auto") overrides it.
    /// </summary>
    public static Device SelectDevice(string requested = "auto")
    {
        return requested.ToLowerInvariant() switch
        {
            "cpu" => CPU,
            "cuda" when cuda.is_available() => CUDA,
            "cuda" => throw new InvalidOperationException("CUDA was requested but no CUDA device is available (is the image built with -p:TorchDevice=cuda?)."),
            "auto" => cuda.is_available() ? CUDA : CPU,
            _ => throw new ArgumentException($"Unknown device '{requested}'; use auto, cpu or cuda.", nameof(requested)),
        };
    }

    /// <summary>Seeds libtorch's generators so that a training run can be repeated exactly on the CPU.</summary>
    public static void Seed(long seed)
    {
        random.manual_seed(seed);
        if (cuda.is_available())
        {
            cuda.manual_seed_all(seed);
        }
    }

    /// <summary>Sets libtorch's intra-op threads; 0 keeps the default (one per core).</summary>
    public static void SetThreads(int threads)
    {
        if (threads > 0)
        {
            set_num_threads(threads);
        }
    }

    /// <summary>A one-line description for logs: device, threads and libtorch build.</summary>
    public static string Describe(Device device) =>
        $"device={device.type.ToString().ToLowerInvariant()} threads={get_num_threads()} cuda_available={cuda.is_available()} torchsharp={typeof(torch).Assembly.GetName().Version}";
}
