using System.Buffers;
using FuncRec.Serving.Model;

namespace FuncRec.Serving.Retrieval;

/// <summary>
/// The in-scan filter of one request: excluded category rows (a pooled byte mask over the model's
/// categories) and excluded item rows (purchases, sorted, pooled). Both buffers come from
/// <see cref="ArrayPool{T}.Shared"/> and go back on <see cref="Dispose"/>.
/// </summary>
public struct CandidateFilter : IRowFilter, IDisposable
{
    private readonly int[] _itemCategory;
    private byte[]? _categoryMask;
    private int[]? _excludedRows;
    private int _excludedCount;

    /// <summary>Builds the filter for <paramref name="model"/>.</summary>
    /// <param name="model">The model whose rows are scanned.</param>
    /// <param name="excludedCategories">Category ids to exclude; unknown ids are ignored.</param>
    /// <param name="excludedItems">Item ids to exclude; ids the model does not know are ignored.</param>
    public CandidateFilter(ServingModel model, IEnumerable<string> excludedCategories, IReadOnlyCollection<string> excludedItems)
    {
        var maps = model.IdMaps ?? throw new InvalidOperationException("Serving needs a model loaded with its id maps.");
        _itemCategory = model.ItemCategory;
        foreach (var category in excludedCategories)
        {
            var row = maps.CategoryRow(category);
            if (row == 0)
            {
                continue;
            }

            if (_categoryMask is null)
            {
                _categoryMask = ArrayPool<byte>.Shared.Rent(model.Shape.CategoryRows);
                Array.Clear(_categoryMask, 0, model.Shape.CategoryRows);
            }

            _categoryMask[row] = 1;
        }

        if (excludedItems.Count > 0)
        {
            _excludedRows = ArrayPool<int>.Shared.Rent(excludedItems.Count);
            foreach (var id in excludedItems)
            {
                var row = maps.ItemRow(id);
                if (row != 0)
                {
                    _excludedRows[_excludedCount++] = row;
                }
            }

            // Sorted so the (rare) check on a would-be winner is a binary search.
            Array.Sort(_excludedRows, 0, _excludedCount);
        }
    }

    /// <inheritdoc />
    public readonly bool Accept(int row) =>
        (_categoryMask is null || _categoryMask[_itemCategory[row]] == 0)
        && (_excludedCount == 0 || Array.BinarySearch(_excludedRows!, 0, _excludedCount, row) < 0);

    /// <summary>Returns the pooled buffers.</summary>
    public void Dispose()
    {
        if (_categoryMask is not null)
        {
            ArrayPool<byte>.Shared.Return(_categoryMask);
            _categoryMask = null;
        }

        if (_excludedRows is not null)
        {
            ArrayPool<int>.Shared.Return(_excludedRows);
            _excludedRows = null;
            _excludedCount = 0;
        }
    }
}
