using System.Globalization;
using System.Text.Json;
using Azure.Storage.Blobs;
using FuncRec.Core.Events;
using FuncRec.Core.Ingestion;
using FuncRec.Infrastructure.Blob;
using Microsoft.Extensions.Options;

namespace FuncRec.Ingestion.Blob;

/// <summary>
/// Dead letters as one JSON blob per record, <c>deadletter/{topic}/p{partition:D5}/{offset:D20}.json</c>, in
/// the operations container. The name is the record's coordinates, so redelivery keeps exactly one.
/// </summary>
public sealed class BlobDeadLetterSink : IDeadLetterSink
{
    /// <summary>Root folder of dead letters.</summary>
    public const string Root = "deadletter/";

    private readonly LazyContainer _container;

    /// <summary>Creates the sink over the operations container.</summary>
    public BlobDeadLetterSink(BlobServiceClient service, IOptions<BlobStorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _container = new LazyContainer(service, options.Value.OperationsContainer);
    }

    /// <summary>The blob name of one dead letter.</summary>
    public static string NameOf(string topic, int partition, long offset) =>
        string.Create(CultureInfo.InvariantCulture, $"{Root}{topic}/p{partition:D5}/{offset:D20}.json");

    /// <inheritdoc />
    public async Task WriteAsync(IReadOnlyList<DeadLetter> deadLetters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deadLetters);
        var container = await _container.GetAsync().ConfigureAwait(false);
        await Task.WhenAll(deadLetters.Select(d =>
            container.GetBlobClient(NameOf(d.Topic, d.Partition, d.Offset))
                .UploadAsync(new BinaryData(JsonSerializer.SerializeToUtf8Bytes(d, EventJsonContext.Default.DeadLetter)), overwrite: true, cancellationToken)))
            .ConfigureAwait(false);
    }
}
