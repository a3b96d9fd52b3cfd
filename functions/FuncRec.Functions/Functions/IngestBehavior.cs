using FuncRec.Core.Ingestion;
using FuncRec.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;

namespace FuncRec.Functions.Functions;

/// <summary>
/// Behavior events from Kafka, a batch at a time, into <see cref="BehaviorIngestor"/>. Two functions over the same topic:
/// SASL_SSL + PLAIN (Event Hubs, Confluent Cloud) and plaintext (the local broker), because the trigger's protocol is
/// fixed at compile time; <c>AzureWebJobs.&lt;name&gt;.Disabled</c> switches one of them off. A thrown exception fails
/// the batch, which the extension redelivers (host.json <c>commitOnFailure: false</c>); the ingestor is idempotent.
/// </summary>
public sealed class IngestBehavior(BehaviorIngestor ingestor)
{
    /// <summary>SASL_SSL + PLAIN.</summary>
    [Function(FunctionNames.IngestBehavior)]
    public Task Run(
        [KafkaTrigger(BindingSettings.KafkaBrokers, BindingSettings.BehaviorTopic, ConsumerGroup = BindingSettings.ConsumerGroup, IsBatched = true,
            Protocol = BrokerProtocol.SaslSsl, AuthenticationMode = BrokerAuthenticationMode.Plain,
            Username = BindingSettings.KafkaUsername, Password = BindingSettings.KafkaPassword)] KafkaRecord[] records,
        CancellationToken cancellationToken) =>
        ingestor.IngestAsync(records.ToIngestRecords(), cancellationToken);

    /// <summary>Plaintext.</summary>
    [Function(FunctionNames.IngestBehaviorPlaintext)]
    public Task RunPlaintext(
        [KafkaTrigger(BindingSettings.KafkaBrokers, BindingSettings.BehaviorTopic, ConsumerGroup = BindingSettings.ConsumerGroup, IsBatched = true)] KafkaRecord[] records,
        CancellationToken cancellationToken) =>
        ingestor.IngestAsync(records.ToIngestRecords(), cancellationToken);
}
