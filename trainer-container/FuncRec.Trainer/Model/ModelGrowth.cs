using FuncRec.Core.Checkpoints;
using static TorchSharp.torch;

namespace FuncRec.Trainer.Model;

/// <summary>
/// Grows a parent model to a child id map that extends it (append-only rows). Parent rows are copied
/// bit for bit; a new item row starts at the mean embedding of the parent's items in its category, or at
/// a small random vector when it has no category (or the category is new), so new items neither dominate
/// nor vanish from rankings before they are trained.
/// </summary>
public static class ModelGrowth
{
    /// <summary>The scale of the random init of new rows, relative to the initial std 1/sqrt(d).</summary>
    public const double NewRowScale = 0.1;

    /// <summary>A new model shaped for <paramref name="childMaps"/> holding the parent's weights.</summary>
    public static SessionRecModel Grow(SessionRecModel parent, ModelIdMaps parentMaps, ModelIdMaps childMaps, double dropout, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(parentMaps);
        ArgumentNullException.ThrowIfNull(childMaps);
        if (!childMaps.Extends(parentMaps))
        {
            throw new InvalidOperationException("The child id map does not extend the parent's: rows must be append-only.");
        }

        if (parent.ItemRows != parentMaps.ItemRows || parent.CategoryRows != parentMaps.CategoryRows)
        {
            throw new InvalidOperationException(
                $"Parent model has {parent.ItemRows}x{parent.CategoryRows} rows, its id map {parentMaps.ItemRows}x{parentMaps.CategoryRows}.");
        }

        var child = new SessionRecModel(parent.Options, childMaps.ItemRows, childMaps.CategoryRows, dropout);
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            var parentState = parent.state_dict();
            foreach (var (name, target) in child.state_dict())
            {
                var source = parentState[name];
                target.narrow(0, 0, source.shape[0]).copy_(source);
            }

            var std = NewRowScale / Math.Sqrt(parent.Options.Dim);
            InitNewRows(child.CategoryEmbedding, parentMaps.CategoryRows, childMaps.CategoryRows, std, generator);
            InitNewItems(child, parentMaps, childMaps, std, generator);
            child.SetItemCategories(CategoryRows(childMaps));
        }

        return child;
    }

    /// <summary>The category row of every item row (row 0 included) of <paramref name="maps"/>.</summary>
    public static long[] CategoryRows(ModelIdMaps maps)
    {
        ArgumentNullException.ThrowIfNull(maps);
        var rows = new long[maps.ItemRows];
        for (var r = 1; r < rows.Length; r++)
        {
            rows[r] = maps.CategoryOfRow(r);
        }

        return rows;
    }

    private static void InitNewRows(Tensor weight, long from, long to, double std, Generator? generator)
    {
        if (to > from)
        {
            weight.narrow(0, from, to - from).normal_(0, std, generator);
        }
    }

    private static void InitNewItems(SessionRecModel child, ModelIdMaps parentMaps, ModelIdMaps childMaps, double std, Generator? generator)
    {
        var from = parentMaps.ItemRows;
        var to = childMaps.ItemRows;
        if (to <= from)
        {
            return;
        }

        var weight = child.ItemEmbedding;
        InitNewRows(weight, from, to, std, generator);

        // Category means over the parent's rows: computed once, used for every new item of that category.
        var byCategory = new Dictionary<int, List<long>>();
        for (var r = 1; r < from; r++)
        {
            var c = parentMaps.CategoryOfRow(r);
            if (c != 0)
            {
                (byCategory.TryGetValue(c, out var list) ? list : byCategory[c] = []).Add(r);
            }
        }

        var means = new Dictionary<int, Tensor>();
        for (var r = from; r < to; r++)
        {
            var c = childMaps.CategoryOfRow(r);
            if (c == 0 || !byCategory.TryGetValue(c, out var rows))
            {
                continue;
            }

            if (!means.TryGetValue(c, out var mean))
            {
                using var index = tensor(rows.ToArray(), dtype: ScalarType.Int64);
                mean = weight.index_select(0, index).mean([0]);
                means[c] = mean;
            }

            weight[r].copy_(mean);
        }
    }
}
