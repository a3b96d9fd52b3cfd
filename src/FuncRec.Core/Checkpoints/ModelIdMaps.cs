using System.Text;

namespace FuncRec.Core.Checkpoints;

/// <summary>
/// The id maps of one model version (<c>idmap.bin</c>): external item and category ids to embedding
/// rows, and each item's category row. Row 0 is padding / unknown in both tables, so item row r is
/// <c>ItemIds[r - 1]</c>. Rows are append-only across versions: a child keeps every parent row and adds
/// new ids at the end, which is what lets incremental training grow the embedding tables in place.
/// </summary>
public sealed class ModelIdMaps
{
    private static readonly byte[] s_magic = "FRIDMAP1"u8.ToArray();
    private readonly List<string> _items = [];
    private readonly List<string> _categories = [];
    private readonly List<int> _itemCategory = [];
    private readonly Dictionary<string, int> _itemRows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _categoryRows = new(StringComparer.Ordinal);

    /// <summary>Item ids in row order (row = index + 1).</summary>
    public IReadOnlyList<string> ItemIds => _items;

    /// <summary>Category ids in row order (row = index + 1).</summary>
    public IReadOnlyList<string> CategoryIds => _categories;

    /// <summary>Item embedding rows including padding row 0.</summary>
    public int ItemRows => _items.Count + 1;

    /// <summary>Category embedding rows including unknown row 0.</summary>
    public int CategoryRows => _categories.Count + 1;

    /// <summary>The category row of item row <paramref name="itemRow"/> (0 when unknown or padding).</summary>
    public int CategoryOfRow(int itemRow) => itemRow <= 0 || itemRow > _itemCategory.Count ? 0 : _itemCategory[itemRow - 1];

    /// <summary>The row of an item, or 0 when the model has never seen it.</summary>
    public int ItemRow(string itemId) => _itemRows.GetValueOrDefault(itemId);

    /// <summary>The row of a category, or 0 when unknown.</summary>
    public int CategoryRow(string categoryId) => _categoryRows.GetValueOrDefault(categoryId);

    /// <summary>The external id of item row <paramref name="row"/> (1-based).</summary>
    public string ItemIdOfRow(int row) => _items[row - 1];

    /// <summary>
    /// Returns the item's row, adding it at the end when new. A known category is recorded for an item
    /// that had none; an existing category is never overwritten, so rows stay stable for the parent's weights.
    /// </summary>
    public int GetOrAddItem(string itemId, string? categoryId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(itemId);
        var categoryRow = string.IsNullOrEmpty(categoryId) ? 0 : GetOrAddCategory(categoryId);
        if (_itemRows.TryGetValue(itemId, out var row))
        {
            if (categoryRow != 0 && _itemCategory[row - 1] == 0)
            {
                _itemCategory[row - 1] = categoryRow;
            }

            return row;
        }

        _items.Add(itemId);
        _itemCategory.Add(categoryRow);
        row = _items.Count;
        _itemRows[itemId] = row;
        return row;
    }

    /// <summary>Returns the category's row, adding it at the end when new.</summary>
    public int GetOrAddCategory(string categoryId)
    {
        ArgumentException.ThrowIfNullOrEmpty(categoryId);
        if (_categoryRows.TryGetValue(categoryId, out var row))
        {
            return row;
        }

        _categories.Add(categoryId);
        row = _categories.Count;
        _categoryRows[categoryId] = row;
        return row;
    }

    /// <summary>A deep copy, for a child version that grows from this one.</summary>
    public ModelIdMaps Clone()
    {
        var copy = new ModelIdMaps();
        foreach (var c in _categories)
        {
            copy.GetOrAddCategory(c);
        }

        for (var i = 0; i < _items.Count; i++)
        {
            var cat = _itemCategory[i];
            copy.GetOrAddItem(_items[i], cat == 0 ? null : _categories[cat - 1]);
        }

        return copy;
    }

    /// <summary>True when every row of <paramref name="parent"/> has the same id here (append-only growth).</summary>
    public bool Extends(ModelIdMaps parent)
    {
        ArgumentNullException.ThrowIfNull(parent);
        if (parent._items.Count > _items.Count || parent._categories.Count > _categories.Count)
        {
            return false;
        }

        for (var i = 0; i < parent._items.Count; i++)
        {
            if (!string.Equals(parent._items[i], _items[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        for (var i = 0; i < parent._categories.Count; i++)
        {
            if (!string.Equals(parent._categories[i], _categories[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Writes the binary format: magic, item ids, category ids, item category rows.</summary>
    public void Write(Stream destination)
    {
        using var writer = new BinaryWriter(destination, Encoding.UTF8, leaveOpen: true);
        writer.Write(s_magic);
        writer.Write(_items.Count);
        foreach (var id in _items)
        {
            writer.Write(id);
        }

        writer.Write(_categories.Count);
        foreach (var id in _categories)
        {
            writer.Write(id);
        }

        foreach (var c in _itemCategory)
        {
            writer.Write(c);
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The stream is not an id map.</exception>
    public static ModelIdMaps Read(Stream source)
    {
        using var reader = new BinaryReader(source, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (!reader.ReadBytes(s_magic.Length).AsSpan().SequenceEqual(s_magic))
            {
                throw new InvalidDataException("idmap: wrong magic; not a FuncRec id map.");
            }

            var maps = new ModelIdMaps();
            var items = new string[ReadCount(reader)];
            for (var i = 0; i < items.Length; i++)
            {
                items[i] = reader.ReadString();
            }

            var categoryCount = ReadCount(reader);
            for (var i = 0; i < categoryCount; i++)
            {
                maps.GetOrAddCategory(reader.ReadString());
            }

            foreach (var id in items)
            {
                var cat = reader.ReadInt32();
                if (cat < 0 || cat > categoryCount)
                {
                    throw new InvalidDataException($"idmap: item '{id}' has category row {cat} of {categoryCount}.");
                }

                if (maps.GetOrAddItem(id, cat == 0 ? null : maps._categories[cat - 1]) != maps._items.Count)
                {
                    throw new InvalidDataException($"idmap: item '{id}' appears twice.");
                }
            }

            return maps;
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("idmap: file is truncated.", ex);
        }
    }

    private static int ReadCount(BinaryReader reader)
    {
        var n = reader.ReadInt32();
        return n is < 0 or > 100_000_000 ? throw new InvalidDataException($"idmap: implausible count {n}.") : n;
    }
}
