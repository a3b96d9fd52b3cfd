using System.ComponentModel.DataAnnotations;

namespace FuncRec.Core.Updates.Gate;

/// <summary>The evaluation gate (<c>Updates:Gate</c>).</summary>
public sealed class PromotionGateOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Updates:Gate";

    /// <summary>Metrics the candidate must match on the slice. Default: <c>recall@20</c>, <c>mrr@20</c>.</summary>
    [Required]
    [MinLength(1)]
    public List<string> Metrics { get; set; } = ["recall@20", "mrr@20"];

    /// <summary>Absolute tolerance: the candidate passes when candidate >= champion - tolerance. Default: 0.005.</summary>
    [Range(0.0, 1.0)]
    public double Tolerance { get; set; } = 0.005;

    /// <summary>Largest root-mean-square value any F32 tensor may have. Default: 10.</summary>
    [Range(1e-6, 1e9)]
    public double MaxTensorRms { get; set; } = 10.0;

    /// <summary>Largest absolute value any F32 element may have. Default: 1000.</summary>
    [Range(1e-6, 1e12)]
    public double MaxAbsWeight { get; set; } = 1000.0;
}
