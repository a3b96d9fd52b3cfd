namespace FuncRec.Serving.Retrieval;

/// <summary>
/// Decides whether an item row may be returned. Implemented by structs so the scan's generic
/// instantiation inlines the check; it runs only for rows whose score would enter the top-K.
/// </summary>
public interface IRowFilter
{
    /// <summary>True when <paramref name="row"/> may be returned.</summary>
    bool Accept(int row);
}

/// <summary>Accepts every row.</summary>
public readonly struct AcceptAllRows : IRowFilter
{
    /// <inheritdoc />
    public bool Accept(int row) => true;
}
