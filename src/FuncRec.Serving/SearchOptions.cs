using System.ComponentModel.DataAnnotations;

namespace FuncRec.Serving;

/// <summary>Search ranking (<c>Search__*</c> in app settings; docs/model.md names <c>Search:PersonalWeight</c>).</summary>
public sealed class SearchOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Search";

    /// <summary>Weight of <c>u · item(r)</c> added to <c>q · item(r)</c> when a user is given. Default: 0.5.</summary>
    [Range(0.0, 100.0)]
    public double PersonalWeight { get; set; } = 0.5;

    /// <summary>Bonus for an item whose title tokens contain every query token (scaled by the fraction matched). Default: 1.0.</summary>
    [Range(0.0, 1000.0)]
    public double TokenMatchWeight { get; set; } = 1.0;

    /// <summary>Model candidates re-ranked by token match (at least k). Default: 200.</summary>
    [Range(1, 10_000)]
    public int Candidates { get; set; } = 200;

    /// <summary>Most-clicked items for the exact normalized query added as candidates. Default: 20.</summary>
    [Range(0, 1000)]
    public int ClickedCandidates { get; set; } = 20;

    /// <summary>The longest query accepted, in characters. Default: 256.</summary>
    [Range(1, 10_000)]
    public int MaxQueryLength { get; set; } = 256;

    /// <summary>The most tokens of a query used. Default: 32.</summary>
    [Range(1, 1000)]
    public int MaxQueryTokens { get; set; } = 32;
}
