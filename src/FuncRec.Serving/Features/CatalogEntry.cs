namespace FuncRec.Serving.Features;

/// <summary>The catalog fields serving needs from an item HASH.</summary>
/// <param name="ItemId">The item id.</param>
/// <param name="CategoryPath">Category path ('/'-separated, leaf last), or null when unknown.</param>
/// <param name="InStock">False when <c>stock</c> is "0"; true when "1" or missing (unknown stock is not hidden).</param>
/// <param name="Deleted">True when <c>del</c> is "1".</param>
/// <param name="Tokens">Space-separated lower-case title tokens, or null.</param>
public sealed record CatalogEntry(string ItemId, string? CategoryPath, bool InStock, bool Deleted, string? Tokens)
{
    /// <summary>Whether the item may be shown at all.</summary>
    public bool Servable => InStock && !Deleted;

    /// <summary>The leaf category, or null.</summary>
    public string? LeafCategory
    {
        get
        {
            if (string.IsNullOrEmpty(CategoryPath))
            {
                return null;
            }

            var slash = CategoryPath.LastIndexOf('/');
            return slash < 0 ? CategoryPath : CategoryPath[(slash + 1)..];
        }
    }

    /// <summary>True when the leaf or any ancestor in the path is in <paramref name="excluded"/>.</summary>
    public bool InAnyCategory(IReadOnlySet<string> excluded)
    {
        if (excluded.Count == 0 || string.IsNullOrEmpty(CategoryPath))
        {
            return false;
        }

        foreach (var range in CategoryPath.AsSpan().Split('/'))
        {
            var segment = CategoryPath[range];
            if (segment.Length > 0 && excluded.Contains(segment))
            {
                return true;
            }
        }

        return false;
    }
}
