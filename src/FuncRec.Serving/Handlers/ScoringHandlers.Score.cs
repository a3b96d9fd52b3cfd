using System.Buffers;
using System.Numerics.Tensors;

namespace FuncRec.Serving.Handlers;

public sealed partial class ScoringHandlers
{
    /// <summary>
    /// Scores the given items for a user (re-ranking), best first. Items the model knows get
    /// <c>u · item(r)</c>, plus the version's co-occurrence term when it has one (<c>Serving:Cooccurrence</c>), as
    /// recommend ranks; items newer than the model get <c>u · cat_emb[their category]</c>, which is
    /// what a fresh row would score before training (fallback <see cref="FallbackReasons.NewItemsCategoryEmbedding"/>).
    /// A user without known history gets trending counts instead. No item is filtered: the caller chose them.
    /// </summary>
    public async Task<ServingResult<ServingResponse>> ScoreAsync(ScoreRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsValidId(request.UserId))
        {
            return ServingResult<ServingResponse>.BadRequest(InvalidId("userId", request.UserId));
        }

        if (request.ItemIds is not { Count: > 0 } itemIds)
        {
            return ServingResult<ServingResponse>.BadRequest("itemIds must hold at least one item id.");
        }

        if (itemIds.Count > _options.MaxScoreItems)
        {
            return ServingResult<ServingResponse>.BadRequest($"At most {_options.MaxScoreItems} items can be scored at once, got {itemIds.Count}.");
        }

        foreach (var id in itemIds)
        {
            if (!IsValidId(id))
            {
                return ServingResult<ServingResponse>.BadRequest(InvalidId("item id", id));
            }
        }

        var model = _models.Current;
        if (model is null)
        {
            return NoModel();
        }

        cancellationToken.ThrowIfCancellationRequested();
        var distinct = itemIds.Distinct(StringComparer.Ordinal).ToList();
        var user = await _features.ReadUserAsync(request.UserId!, model.Shape.MaxLength).ConfigureAwait(false);
        var vector = EncodeUser(model, user, []);
        List<ScoredItem> items;
        string? fallback = null;
        if (vector is null)
        {
            var trending = await _features.ReadTrendingAsync(null, Math.Max(100, distinct.Count * 4)).ConfigureAwait(false);
            var counts = trending.ToDictionary(t => t.ItemId, t => t.Count, StringComparer.Ordinal);
            items = [.. distinct.Select(id => new ScoredItem(id, (float)counts.GetValueOrDefault(id), ItemSources.Trending))];
            fallback = FallbackReasons.NoHistoryTrendingCounts;
        }
        else
        {
            try
            {
                var boosts = _options.Cooccurrence && model.HasCooccurrence
                    ? model.Cooccurrence.Boosts(KnownRowsOldestFirst(model, user), model.CooccurrenceWeight)
                    : null;
                (items, var usedCategories) = await ScoreItemsAsync(model, vector, distinct, boosts).ConfigureAwait(false);
                fallback = usedCategories ? FallbackReasons.NewItemsCategoryEmbedding : null;
            }
            finally
            {
                ArrayPool<float>.Shared.Return(vector);
            }
        }

        // Stable: equal scores keep the caller's order.
        items = [.. items.OrderByDescending(i => i.Score)];
        LogServed(nameof(ScoreAsync), request.UserId, model.Version, fallback);
        return ServingResult<ServingResponse>.Ok(new ServingResponse(model.Version, fallback, items));
    }

    private async Task<(List<ScoredItem> Items, bool UsedCategories)> ScoreItemsAsync(Model.ServingModel model, float[] vector, List<string> ids, Dictionary<int, float>? boosts)
    {
        var d = model.Shape.Dim;
        var maps = model.IdMaps!;
        var unknown = ids.Where(id => maps.ItemRow(id) == 0).ToList();
        var categoryOf = new Dictionary<string, int>(StringComparer.Ordinal);
        if (unknown.Count > 0)
        {
            var catalog = await _features.ReadCatalogAsync(unknown).ConfigureAwait(false);
            foreach (var entry in catalog)
            {
                categoryOf[entry.ItemId] = entry.LeafCategory is { } leaf ? maps.CategoryRow(leaf) : 0;
            }
        }

        var u = vector.AsSpan(0, d);
        var items = new List<ScoredItem>(ids.Count);
        foreach (var id in ids)
        {
            var row = maps.ItemRow(id);
            items.Add(row != 0
                ? new ScoredItem(id, TensorPrimitives.Dot(u, model.ItemVector(row)) + (boosts?.GetValueOrDefault(row) ?? 0f), ItemSources.Model)
                : new ScoredItem(id, TensorPrimitives.Dot(u, model.CategoryEmbeddings.AsSpan(categoryOf[id] * d, d)), ItemSources.CategoryEmbedding));
        }

        return (items, unknown.Count > 0);
    }
}
