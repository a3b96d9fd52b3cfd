using System.ComponentModel.DataAnnotations;

namespace FuncRec.Infrastructure.Blob;

/// <summary>Blob storage for checkpoints, training segments and job state.</summary>
public sealed class BlobStorageOptions
{
    /// <summary>Configuration section (<c>BlobStorage__ConnectionString</c> in app settings).</summary>
    public const string SectionName = "BlobStorage";

    /// <summary>
    /// A storage connection string. Default: <c>UseDevelopmentStorage=true</c> (Azurite on its standard ports).
    /// Leave empty and set <see cref="ServiceUri"/> to use a managed identity instead.
    /// </summary>
    public string? ConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>Blob endpoint for identity-based access, e.g. <c>https://acct.blob.core.windows.net</c>. Default: none.</summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>Container for model versions and CURRENT pointers. Default: <c>funcrec-models</c>.</summary>
    [Required]
    [RegularExpression("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$")]
    public string ModelsContainer { get; set; } = "funcrec-models";

    /// <summary>Container for training segments. Default: <c>funcrec-segments</c>.</summary>
    [Required]
    [RegularExpression("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$")]
    public string SegmentsContainer { get; set; } = "funcrec-segments";

    /// <summary>Container for trainer job state and dead letters. Default: <c>funcrec-ops</c>.</summary>
    [Required]
    [RegularExpression("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$")]
    public string OperationsContainer { get; set; } = "funcrec-ops";
}
