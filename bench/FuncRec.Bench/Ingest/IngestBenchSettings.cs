using System.Globalization;

namespace FuncRec.Bench.Ingest;

internal sealed record IngestBenchSettings(int Events, int Warmup, int Batch, int Partitions, int Rate, int Seconds, string? DataDirectory)
{
    // 8 partitions: the behaviour topic's partition count as deployed (infra/main.bicep eventHubsPartitionCount), so
    // the run has the deployment's ingest parallelism. Up to 2026-12 the default was 4, the local broker's count.
    private const int DeployedPartitions = 8;

    public static IngestBenchSettings? Parse(string[] args)
    {
        var s = new IngestBenchSettings(300_000, 20_000, 1000, DeployedPartitions, 10_000, 15, null);
        for (var i = 0; i < args.Length; i++)
        {
            if (i + 1 >= args.Length)
            {
                return null;
            }

            var value = args[++i];
            int Int() => int.Parse(value, CultureInfo.InvariantCulture);
            s = args[i - 1] switch
            {
                "--events" => s with { Events = Int() },
                "--warmup" => s with { Warmup = Int() },
                "--batch" => s with { Batch = Int() },
                "--partitions" => s with { Partitions = Int() },
                "--rate" => s with { Rate = Int() },
                "--seconds" => s with { Seconds = Int() },
                "--data" => s with { DataDirectory = value },
                _ => null,
            };
            if (s is null)
            {
                return null;
            }
        }

        return s;
    }
}
