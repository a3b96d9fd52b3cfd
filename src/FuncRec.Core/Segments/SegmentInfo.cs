using System.Globalization;

namespace FuncRec.Core.Segments;

/// <summary>
/// One segment blob of the training log. Names are deterministic:
/// <c>segments/{topic}/p{partition:D5}/{first:D20}-{last:D20}.jsonl.gz</c>, so a redelivered batch rewrites
/// the same blob and listing order is offset order.
/// </summary>
/// <param name="Topic">Source topic.</param>
/// <param name="Partition">Source partition.</param>
/// <param name="FirstOffset">First Kafka offset of the batch that wrote it (inclusive).</param>
/// <param name="LastOffset">Last Kafka offset of that batch (inclusive).</param>
public sealed record SegmentInfo(string Topic, int Partition, long FirstOffset, long LastOffset)
{
    /// <summary>Root folder of segments.</summary>
    public const string Root = "segments/";

    /// <summary>Root folder of the per-day index.</summary>
    public const string IndexRoot = "index/";

    /// <summary>The blob name.</summary>
    public string Name => $"{PartitionPrefix(Topic, Partition)}{FirstOffset:D20}-{LastOffset:D20}.jsonl.gz";

    /// <summary>The folder holding one partition's segments.</summary>
    public static string PartitionPrefix(string topic, int partition) =>
        string.Create(CultureInfo.InvariantCulture, $"{Root}{topic}/p{partition:D5}/");

    /// <summary>The folder of the per-day index of a topic (UTC day of the event timestamps).</summary>
    public static string DayIndexPrefix(string topic, DateOnly day) =>
        string.Create(CultureInfo.InvariantCulture, $"{IndexRoot}{topic}/{day:yyyy-MM-dd}/");

    /// <summary>The index marker of this segment for one day; its name encodes the segment.</summary>
    public string DayIndexName(DateOnly day) =>
        string.Create(CultureInfo.InvariantCulture, $"{DayIndexPrefix(Topic, day)}p{Partition:D5}-{FirstOffset:D20}-{LastOffset:D20}");

    /// <summary>Parses a segment blob name; null when the name is not one.</summary>
    public static SegmentInfo? TryParse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        // segments/{topic}/p{partition}/{first}-{last}.jsonl.gz; the topic may itself contain '/'-free dots.
        if (!name.StartsWith(Root, StringComparison.Ordinal) || !name.EndsWith(".jsonl.gz", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = name[Root.Length..^".jsonl.gz".Length].Split('/');
        if (parts.Length != 3 || parts[1].Length < 2 || parts[1][0] != 'p')
        {
            return null;
        }

        var range = parts[2].Split('-');
        return range.Length == 2
            && int.TryParse(parts[1].AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var partition)
            && long.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            && long.TryParse(range[1], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            ? new SegmentInfo(parts[0], partition, first, last)
            : null;
    }

    /// <summary>Parses a day-index marker name back into the segment it points to; null when it is not one.</summary>
    public static SegmentInfo? TryParseIndex(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var parts = name.Split('/');
        if (parts.Length != 4 || parts[0] + "/" != IndexRoot)
        {
            return null;
        }

        var fields = parts[3].Split('-');
        return fields.Length == 3 && fields[0].StartsWith('p')
            && int.TryParse(fields[0].AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var partition)
            && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            && long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            ? new SegmentInfo(parts[1], partition, first, last)
            : null;
    }
}
