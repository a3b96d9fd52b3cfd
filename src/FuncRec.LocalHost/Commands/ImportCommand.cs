using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using FuncRec.Core.Datasets;
using FuncRec.Core.Events;
using FuncRec.Infrastructure.Kafka;
using FuncRec.Infrastructure.LocalServices;

namespace FuncRec.LocalHost.Commands;

/// <summary>
/// <c>funcrec-local import diginetica [DIR] [--out FILE] [--kafka BOOTSTRAP] [--periods A-B]</c>: writes the
/// Diginetica periods as behaviour events (JSONL, gzip when FILE ends in .gz) plus a sibling
/// <c>*.catalog.jsonl[.gz]</c> of catalog upserts, or produces both to Kafka (catalog first).
/// </summary>
public static class ImportCommand
{
    private const string Usage = "usage: import diginetica [DIR] [--data DIR] [--out FILE] [--kafka BOOTSTRAP] [--periods A-B]";

    /// <summary>Runs the command; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (args is not ["diginetica", .. var rest])
        {
            await Console.Error.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        string? dir = null, output = null, kafka = null;
        int first = 0, last = DigineticaPeriod.Count - 1;
        for (var i = 0; i < rest.Length; i++)
        {
            switch (rest[i])
            {
                case "--out" when i + 1 < rest.Length: output = rest[++i]; break;
                case "--data" when i + 1 < rest.Length: dir = rest[++i]; break;
                case "--kafka" when i + 1 < rest.Length: kafka = rest[++i]; break;
                case "--periods" when i + 1 < rest.Length && TryRange(rest[++i], out first, out last): break;
                case var a when !a.StartsWith("--", StringComparison.Ordinal) && dir is null: dir = a; break;
                default:
                    await Console.Error.WriteLineAsync($"unknown or incomplete option '{rest[i]}'. {Usage}").ConfigureAwait(false);
                    return 2;
            }
        }

        // `dotnet run` starts in the project folder; paths on the command line are relative to the repository root.
        dir = dir is null ? null : RepositoryRoot.Resolve(dir);
        output = RepositoryRoot.Resolve(output ?? Path.Combine("artifacts", "diginetica-events.jsonl.gz"));
        DigineticaImporter importer;
        try
        {
            importer = new DigineticaImporter(dir);
        }
        catch (DirectoryNotFoundException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 1;
        }

        Console.WriteLine($"[import] Diginetica from {importer.Directory}, periods {first}-{last}");
        return kafka is null
            ? await ToFileAsync(importer, output, first, last, cancellationToken).ConfigureAwait(false)
            : ToKafka(importer, kafka, first, last, cancellationToken);
    }

    private static async Task<int> ToFileAsync(DigineticaImporter importer, string output, int first, int last, CancellationToken ct)
    {
        var catalogPath = CatalogPathFor(output);
        var catalog = 0;
        await using (var writer = OpenWriter(catalogPath))
        {
            foreach (var e in importer.ReadCatalog())
            {
                await writer.WriteLineAsync(JsonSerializer.Serialize<CatalogEvent>(e, EventJsonContext.Default.CatalogEvent)).ConfigureAwait(false);
                catalog++;
            }
        }

        await using (var writer = OpenWriter(output))
        {
            foreach (var (period, events) in importer.ReadPeriods(first, last))
            {
                ct.ThrowIfCancellationRequested();
                int views = 0, purchases = 0;
                foreach (var e in events)
                {
                    await writer.WriteLineAsync(JsonSerializer.Serialize(e, EventJsonContext.Default.BehaviorEvent)).ConfigureAwait(false);
                    if (e is ItemPurchased) { purchases++; } else { views++; }
                }

                Console.WriteLine($"[import] period {period.Index,2} {period.Start:yyyy-MM-dd}..{period.End.AddDays(-1):yyyy-MM-dd}: {views} views, {purchases} purchases");
            }
        }

        Console.WriteLine($"[import] wrote {Path.GetFullPath(output)} and {catalog} catalog upserts to {Path.GetFullPath(catalogPath)}");
        return 0;
    }

    private static int ToKafka(DigineticaImporter importer, string bootstrap, int first, int last, CancellationToken ct)
    {
        var options = new KafkaOptions { BootstrapServers = bootstrap };
        using var producer = new ProducerBuilder<byte[], byte[]>(KafkaClientConfig.Producer(options)).Build();
        long produced = 0;
        Exception? failure = null;
        void Report(DeliveryReport<byte[], byte[]> r)
        {
            if (r.Error.IsError)
            {
                failure ??= new KafkaException(r.Error);
            }
        }

        foreach (var e in importer.ReadCatalog())
        {
            Produce(producer, options.CatalogTopic, e.ItemId, JsonSerializer.SerializeToUtf8Bytes<CatalogEvent>(e, EventJsonContext.Default.CatalogEvent), Report);
            produced++;
        }

        foreach (var (period, events) in importer.ReadPeriods(first, last))
        {
            foreach (var e in events)
            {
                ct.ThrowIfCancellationRequested();
                Produce(producer, options.BehaviorTopic, e.UserId, JsonSerializer.SerializeToUtf8Bytes(e, EventJsonContext.Default.BehaviorEvent), Report);
                produced++;
            }

            Console.WriteLine($"[import] period {period.Index} produced");
        }

        producer.Flush(ct);
        if (failure is not null)
        {
            Console.Error.WriteLine($"[import] delivery failed: {failure.Message}");
            return 1;
        }

        Console.WriteLine($"[import] produced {produced} events to {bootstrap} ({options.CatalogTopic}, {options.BehaviorTopic})");
        return 0;
    }

    private static void Produce(IProducer<byte[], byte[]> producer, string topic, string key, byte[] value, Action<DeliveryReport<byte[], byte[]>> report)
    {
        while (true)
        {
            try
            {
                producer.Produce(topic, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(key), Value = value }, report);
                return;
            }
            catch (ProduceException<byte[], byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(50));
            }
        }
    }

    private static string CatalogPathFor(string output)
    {
        var gz = output.EndsWith(".gz", StringComparison.Ordinal);
        var stem = gz ? output[..^3] : output;
        stem = stem.EndsWith(".jsonl", StringComparison.Ordinal) ? stem[..^6] : stem;
        return stem + ".catalog.jsonl" + (gz ? ".gz" : string.Empty);
    }

    private static StreamWriter OpenWriter(string path)
    {
        var full = Path.GetFullPath(path);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        Stream stream = File.Create(full);
        if (path.EndsWith(".gz", StringComparison.Ordinal))
        {
            stream = new GZipStream(stream, CompressionLevel.Fastest);
        }

        return new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" };
    }

    private static bool TryRange(string text, out int first, out int last)
    {
        var parts = text.Split('-');
        first = last = 0;
        return parts.Length is 1 or 2
            && int.TryParse(parts[0], out first)
            && int.TryParse(parts[^1], out last)
            && first >= 0 && last < DigineticaPeriod.Count && first <= last;
    }
}
