namespace FuncRec.Functions.Hosting;

/// <summary>
/// Function names that infrastructure refers to (infra/main.bicep disables one of each Kafka pair with
/// <c>AzureWebJobs.&lt;name&gt;.Disabled</c>; local.settings.sample.json disables the other).
/// </summary>
public static class FunctionNames
{
    /// <summary>Behaviour events over SASL_SSL + PLAIN (Event Hubs' Kafka endpoint, Confluent Cloud).</summary>
    public const string IngestBehavior = "IngestBehavior";

    /// <summary>Behaviour events over plaintext (the local docker-compose Kafka).</summary>
    public const string IngestBehaviorPlaintext = "IngestBehaviorPlaintext";

    /// <summary>Catalog events over SASL_SSL + PLAIN.</summary>
    public const string IngestCatalog = "IngestCatalog";

    /// <summary>Catalog events over plaintext.</summary>
    public const string IngestCatalogPlaintext = "IngestCatalogPlaintext";

    /// <summary>Timer that asks the update policy whether any model is due.</summary>
    public const string PolicyTick = "PolicyTick";

    /// <summary>Blob trigger (Event Grid source) on models/{model}/CURRENT; docs/deploy.md subscribes it by this name.</summary>
    public const string ModelPointerChanged = "ModelPointerChanged";
}

/// <summary>
/// Binding expressions for trigger attributes. They name flat app settings (no "__"), because the host and the
/// scale controller resolve <c>%name%</c> by exact setting name, and a name containing "__" does not resolve
/// (Azure/azure-functions-host#10246). Each one carries the same value as its options key, noted alongside.
/// </summary>
public static class BindingSettings
{
    /// <summary>Kafka__BootstrapServers.</summary>
    public const string KafkaBrokers = "%FUNCREC_KAFKA_BROKERS%";

    /// <summary>Kafka__BehaviorTopic.</summary>
    public const string BehaviorTopic = "%FUNCREC_KAFKA_BEHAVIOR_TOPIC%";

    /// <summary>Kafka__CatalogTopic.</summary>
    public const string CatalogTopic = "%FUNCREC_KAFKA_CATALOG_TOPIC%";

    /// <summary>Kafka__ConsumerGroup.</summary>
    public const string ConsumerGroup = "%FUNCREC_KAFKA_CONSUMER_GROUP%";

    /// <summary>Kafka__SaslUsername ("$ConnectionString" for Event Hubs).</summary>
    public const string KafkaUsername = "%FUNCREC_KAFKA_USERNAME%";

    /// <summary>Kafka__SaslPassword (a Key Vault reference in Azure).</summary>
    public const string KafkaPassword = "%FUNCREC_KAFKA_PASSWORD%";

    /// <summary>PolicyTick__Schedule (six-field NCRONTAB).</summary>
    public const string PolicyTickSchedule = "%FUNCREC_POLICY_TICK_SCHEDULE%";

    /// <summary>BlobStorage__ModelsContainer, for the CURRENT-pointer blob trigger path.</summary>
    public const string ModelsContainer = "%FUNCREC_MODELS_CONTAINER%";
}

/// <summary>
/// HTTP routes (under host.json's <c>api/</c> prefix). Serving routes are the local host's. The admin routes are the
/// core's <see cref="FuncRec.Workflow.Admin.AdminRoutes"/> under <c>ops/</c>, because the Functions host refuses any
/// route that starts with <c>admin</c> or <c>runtime</c> (its own API; Azure/azure-functions-host
/// src/WebJobs.Script/Host/ScriptHost.cs <c>ValidateHttpFunction</c>). <c>Updates__CallbackBaseUrl</c> is therefore
/// <c>https://&lt;app&gt;/api/ops/</c>, to which the core appends <c>admin/models/{model}/training-callback</c>.
/// </summary>
public static class HttpRoutes
{
    /// <summary>Prefix of the admin routes.</summary>
    public const string Ops = "ops/";

    /// <summary>GET: recommendations for a user (<c>?k=&amp;excludeCategories=a,b</c>).</summary>
    public const string Recommend = "recommend/{userId}";

    /// <summary>POST: score the given items for a user.</summary>
    public const string Score = "score";

    /// <summary>GET: search (<c>?q=&amp;userId=&amp;k=</c>).</summary>
    public const string Search = "search";

    /// <summary>GET: the serving model's status.</summary>
    public const string ModelStatus = "models/status";

    /// <summary>POST: reload the serving model now.</summary>
    public const string ModelReload = "models/reload";

    /// <summary>POST: trigger an update.</summary>
    public const string Update = Ops + FuncRec.Workflow.Admin.AdminRoutes.Update;

    /// <summary>GET: update status.</summary>
    public const string Status = Ops + FuncRec.Workflow.Admin.AdminRoutes.Status;

    /// <summary>POST: roll back.</summary>
    public const string Rollback = Ops + FuncRec.Workflow.Admin.AdminRoutes.Rollback;

    /// <summary>GET: versions.</summary>
    public const string Versions = Ops + FuncRec.Workflow.Admin.AdminRoutes.Versions;

    /// <summary>POST: the trainer's completion callback.</summary>
    public const string TrainingCallback = Ops + FuncRec.Workflow.Admin.AdminRoutes.TrainingCallback;
}
