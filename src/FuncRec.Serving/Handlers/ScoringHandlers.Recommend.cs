using System.Collections.Frozen;
using System.Buffers;
using FuncRec.Serving.Features;
using FuncRec.Serving.Model;
using FuncRec.Serving.Retrieval;

namespace FuncRec.Serving.Handlers;

public sealed partial class ScoringHandlers
{
    /// <summary>
    /// Recommends k items for a user from their recent sequence: exact top-K over all items, without
    /// out-of-stock or deleted items, excluded categories (request and admin SET) and purchases.
    /// Users without history get trending items; history items newer than the model bring in their
    /// categories' trending new items. The response names the fallback taken.
    /// </summary>
    public async Task<ServingResult<ServingResponse>> RecommendAsync(RecommendRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsValidId(request.UserId))
        {
            return ServingResult<ServingResponse>.BadRequest(InvalidId("userId", request.UserId));
        }

        if (!TryResolveK(request.K, out var k, out var kProblem))
        {
            return ServingResult<ServingResponse>.BadRequest(kProblem);
        }

        var requestExcluded = request.ExcludeCategories ?? [];
        if (requestExcluded.Count > _options.MaxExcludedCategories)
        {
            return ServingResult<ServingResponse>.BadRequest($"At most {_options.MaxExcludedCategories} excluded categories are allowed, got {requestExcluded.Count}.");
        }

        foreach (var category in requestExcluded)
        {
            if (!IsValidId(category))
            {
                return ServingResult<ServingResponse>.BadRequest(InvalidId("category", category));
            }
        }

        var model = _models.Current;
        if (model is null)
        {
            return NoModel();
        }

        cancellationToken.ThrowIfCancellationRequested();
        var user = await _features.ReadUserAsync(request.UserId!, model.Shape.MaxLength).ConfigureAwait(false);
        var excluded = new HashSet<string>(user.ExcludedCategories, StringComparer.Ordinal);
        excluded.UnionWith(requestExcluded);
        var newItems = new List<string>();
        var vector = EncodeUser(model, user, newItems);
        List<ScoredItem> items;
        string? fallback = null;
        if (vector is null)
        {
            if (newItems.Count == 0)
            {
                items = await TrendingAsync(model, null, k, excluded, user.Purchased, FrozenSet<string>.Empty, onlyNew: false, ItemSources.Trending).ConfigureAwait(false);
                fallback = FallbackReasons.NoHistoryTrending;
            }
            else
            {
                items = await NewItemCategoryTrendingAsync(model, newItems, k, excluded, user.Purchased, FrozenSet<string>.Empty, onlyNew: false).ConfigureAwait(false);
                fallback = FallbackReasons.NewItemsCategoryTrending;
            }
        }
        else
        {
            try
            {
                var first = _options.SessionItemsFirst ? SessionRows(model, user) : [];
                var boosts = _options.Cooccurrence && model.HasCooccurrence
                    ? model.Cooccurrence.Boosts(KnownRowsOldestFirst(model, user), model.CooccurrenceWeight)
                    : null;
                items = await ModelTopKAsync(model, vector, k, excluded, user.Purchased, first, boosts).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(vector);
            }

            var slots = Math.Min(_options.NewItemSlots, k);
            if (newItems.Count > 0 && slots > 0)
            {
                var present = items.Select(i => i.ItemId).ToHashSet(StringComparer.Ordinal);
                var fresh = await NewItemCategoryTrendingAsync(model, newItems, slots, excluded, user.Purchased, present, onlyNew: true).ConfigureAwait(false);
                if (fresh.Count > 0)
                {
                    // New items take the last slots: the model cannot rank them, and the head stays model-ranked.
                    items = [.. items.Take(Math.Min(items.Count, k - fresh.Count)), .. fresh];
                    fallback = FallbackReasons.NewItemsCategoryTrending;
                }
            }
        }

        if (items.Count < k)
        {
            var present = items.Select(i => i.ItemId).ToHashSet(StringComparer.Ordinal);
            var fill = await TrendingAsync(model, null, k - items.Count, excluded, user.Purchased, present, onlyNew: false, ItemSources.Trending).ConfigureAwait(false);
            if (fill.Count > 0)
            {
                items.AddRange(fill);
                fallback ??= FallbackReasons.FilledFromTrending;
            }
        }

        LogServed(nameof(RecommendAsync), request.UserId, model.Version, fallback);
        return ServingResult<ServingResponse>.Ok(new ServingResponse(model.Version, fallback, items));
    }

    /// <summary>
    /// Exact top-K by <c>vector · item(r)</c>, plus the version's co-occurrence term for the partners of the user's
    /// items when <paramref name="boosts"/> is given, with category and purchase filters applied in the scan, then the
    /// Redis stock/deletion check on the candidates. When too many candidates fail that check the scan is repeated 4×
    /// wider, up to the whole catalogue. <paramref name="sessionRows"/> (may be empty) go first, best score first, and
    /// are skipped by the scan's part of the list.
    /// </summary>
    private async Task<List<ScoredItem>> ModelTopKAsync(
        ServingModel model, float[] vector, int k, IReadOnlySet<string> excluded, IReadOnlySet<string> purchased, int[] sessionRows,
        Dictionary<int, float>? boosts)
    {
        var available = model.Shape.ItemRows - 1;
        var wanted = Math.Min(available, (k * _options.CandidateFactor) + 8);
        var filter = new CandidateFilter(model, excluded, purchased);
        try
        {
            var head = SessionHead(model, vector, sessionRows, boosts, ref filter);
            var partners = HybridTopK.Partners(model, vector, boosts, ref filter);
            while (true)
            {
                var ranked = HybridTopK.Rank(model, vector, Math.Min(available, wanted), partners, boosts, ref filter);
                var ids = new string[head.Count + ranked.Count];
                var scores = new float[head.Count + ranked.Count];
                for (var i = 0; i < head.Count; i++)
                {
                    (ids[i], scores[i]) = head[i];
                }

                for (var i = 0; i < ranked.Count; i++)
                {
                    (ids[head.Count + i], scores[head.Count + i]) = (model.IdMaps!.ItemIdOfRow(ranked[i].Row), ranked[i].Score);
                }

                var n = ids.Length;
                var catalog = await _features.ReadCatalogAsync(new ArraySegment<string>(ids, 0, n)).ConfigureAwait(false);
                var result = new List<ScoredItem>(k);
                for (var i = 0; i < n && result.Count < k; i++)
                {
                    var repeated = i >= head.Count && head.Exists(h => h.Id == ids[i]);
                    if (!repeated && catalog[i].Servable && !catalog[i].InAnyCategory(excluded))
                    {
                        result.Add(new ScoredItem(ids[i], scores[i], i < head.Count ? ItemSources.Session : ItemSources.Model));
                    }
                }

                if (result.Count >= k || wanted >= available)
                {
                    return result;
                }

                wanted = (int)Math.Min(available, wanted * 4L);
            }
        }
        finally
        {
            filter.Dispose();
        }
    }

    /// <summary>The known rows of the user's recent items, oldest first: the tower's input, which the co-occurrence term weighs.</summary>
    private static int[] KnownRowsOldestFirst(ServingModel model, UserFeatures user) =>
        [.. user.RecentNewestFirst.Reverse().Select(i => model.IdMaps!.ItemRow(i.ItemId)).Where(r => r > 0)];

    /// <summary>The distinct rows of the user's known recent items, the session-first candidates.</summary>
    private static int[] SessionRows(ServingModel model, UserFeatures user) =>
        [.. user.RecentNewestFirst.Select(i => model.IdMaps!.ItemRow(i.ItemId)).Where(r => r > 0).Distinct()];

    /// <summary>The session rows that pass the request's filters, scored and best first.</summary>
    private static List<(string Id, float Score)> SessionHead(ServingModel model, float[] vector, int[] sessionRows, Dictionary<int, float>? boosts, ref CandidateFilter filter)
    {
        var head = new List<(string Id, float Score)>(sessionRows.Length);
        foreach (var row in sessionRows)
        {
            if (filter.Accept(row))
            {
                head.Add((model.IdMaps!.ItemIdOfRow(row), HybridTopK.Score(model, vector, row, boosts?.GetValueOrDefault(row) ?? 0f)));
            }
        }

        head.Sort((a, b) => b.Score.CompareTo(a.Score));
        return head;
    }

    /// <summary>Trending items (global or one category) that pass the stock, category and purchase filters.</summary>
    private async Task<List<ScoredItem>> TrendingAsync(ServingModel model, string? category, int count, IReadOnlySet<string> excluded, IReadOnlySet<string> purchased, IReadOnlySet<string> skip, bool onlyNew, string source)
    {
        var trending = await _features.ReadTrendingAsync(category, (count * _options.CandidateFactor) + 8).ConfigureAwait(false);
        var candidates = trending
            .Where(t => !purchased.Contains(t.ItemId) && !skip.Contains(t.ItemId) && (!onlyNew || model.IdMaps!.ItemRow(t.ItemId) == 0))
            .ToList();
        var catalog = await _features.ReadCatalogAsync([.. candidates.Select(c => c.ItemId)]).ConfigureAwait(false);
        var result = new List<ScoredItem>(count);
        for (var i = 0; i < candidates.Count && result.Count < count; i++)
        {
            if (catalog[i].Servable && !catalog[i].InAnyCategory(excluded))
            {
                result.Add(new ScoredItem(candidates[i].ItemId, (float)candidates[i].Count, source));
            }
        }

        return result;
    }

    /// <summary>
    /// Items from the trending lists of the leaf categories of the user's items that are newer than the
    /// model (most recent first); with <paramref name="onlyNew"/>, only items the model does not know.
    /// </summary>
    private async Task<List<ScoredItem>> NewItemCategoryTrendingAsync(ServingModel model, List<string> newItems, int count, IReadOnlySet<string> excluded, IReadOnlySet<string> purchased, IReadOnlySet<string> skip, bool onlyNew)
    {
        var catalog = await _features.ReadCatalogAsync([.. newItems.Take(8)]).ConfigureAwait(false);
        var categories = catalog.Select(c => c.LeafCategory).OfType<string>().Distinct(StringComparer.Ordinal).Take(3).ToList();
        var result = new List<ScoredItem>(count);
        var seen = new HashSet<string>(skip, StringComparer.Ordinal);
        foreach (var category in categories)
        {
            if (result.Count >= count)
            {
                break;
            }

            var items = await TrendingAsync(model, category, count - result.Count, excluded, purchased, seen, onlyNew, ItemSources.CategoryTrending).ConfigureAwait(false);
            foreach (var item in items)
            {
                seen.Add(item.ItemId);
                result.Add(item);
            }
        }

        return result;
    }
}
