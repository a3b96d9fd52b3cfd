using System.Buffers;
using System.Numerics.Tensors;
using FuncRec.Core.Text;
using FuncRec.Serving.Retrieval;

namespace FuncRec.Serving.Handlers;

public sealed partial class ScoringHandlers
{
    /// <summary>
    /// Searches: the query tower ranks all items by <c>q · item(r)</c> (plus <c>PersonalWeight · u · item(r)</c>
    /// when a user with history is given, folded into one scan vector), the query's most clicked items join
    /// the candidates, and candidates are re-ranked by the fraction of query tokens found in their title
    /// tokens (× <see cref="SearchOptions.TokenMatchWeight"/>). Out-of-stock, deleted and excluded-category items are dropped.
    /// </summary>
    public async Task<ServingResult<ServingResponse>> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Query))
        {
            return ServingResult<ServingResponse>.BadRequest("The query is empty.");
        }

        if (request.Query.Length > _search.MaxQueryLength)
        {
            return ServingResult<ServingResponse>.BadRequest($"The query is {request.Query.Length} characters; at most {_search.MaxQueryLength} are allowed.");
        }

        var tokens = QueryTokenizer.Tokenize(request.Query).Take(_search.MaxQueryTokens).ToList();
        if (tokens.Count == 0)
        {
            return ServingResult<ServingResponse>.BadRequest("The query has no letters or digits to search for.");
        }

        if (request.UserId is not null && !IsValidId(request.UserId))
        {
            return ServingResult<ServingResponse>.BadRequest(InvalidId("userId", request.UserId));
        }

        if (!TryResolveK(request.K, out var k, out var kProblem))
        {
            return ServingResult<ServingResponse>.BadRequest(kProblem);
        }

        var model = _models.Current;
        if (model is null)
        {
            return NoModel();
        }

        cancellationToken.ThrowIfCancellationRequested();
        var d = model.Shape.Dim;
        var normalized = string.Join(' ', tokens);
        var clicksTask = _features.ReadQueryClicksAsync(normalized, _search.ClickedCandidates);
        var userTask = request.UserId is null ? null : _features.ReadUserAsync(request.UserId, model.Shape.MaxLength);
        var excludedTask = userTask is null ? _features.ReadExcludedCategoriesAsync() : null;
        var user = userTask is null ? null : await userTask.ConfigureAwait(false);
        var excluded = user?.ExcludedCategories ?? await excludedTask!.ConfigureAwait(false);
        var clicked = await clicksTask.ConfigureAwait(false);

        var vector = ArrayPool<float>.Shared.Rent(d);
        string? fallback = null;
        List<(string Id, float Score)> candidates;
        try
        {
            EncodeSearchVector(model, tokens, user, vector, ref fallback);
            candidates = SearchCandidates(model, vector, excluded, clicked, Math.Max(k, _search.Candidates));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(vector);
        }

        var catalog = await _features.ReadCatalogAsync([.. candidates.Select(c => c.Id)]).ConfigureAwait(false);
        var queryTokens = tokens.ToHashSet(StringComparer.Ordinal);
        var ranked = new List<ScoredItem>(candidates.Count);
        for (var i = 0; i < candidates.Count; i++)
        {
            if (!catalog[i].Servable || catalog[i].InAnyCategory(excluded))
            {
                continue;
            }

            var match = TokenMatch(queryTokens, catalog[i].Tokens);
            ranked.Add(new ScoredItem(candidates[i].Id, candidates[i].Score + (float)(_search.TokenMatchWeight * match), ItemSources.Model));
        }

        var items = ranked.OrderByDescending(i => i.Score).Take(k).ToList();
        LogServed(nameof(SearchAsync), request.UserId, model.Version, fallback);
        return ServingResult<ServingResponse>.Ok(new ServingResponse(model.Version, fallback, items));
    }

    private void EncodeSearchVector(Model.ServingModel model, List<string> tokens, Features.UserFeatures? user, float[] vector, ref string? fallback)
    {
        var d = model.Shape.Dim;
        var rows = ArrayPool<int>.Shared.Rent(tokens.Count);
        try
        {
            for (var i = 0; i < tokens.Count; i++)
            {
                rows[i] = model.Query.Row(tokens[i]);
            }

            model.Query.Encode(rows.AsSpan(0, tokens.Count), vector.AsSpan(0, d));
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rows);
        }

        if (user is null)
        {
            return;
        }

        var userVector = EncodeUser(model, user, []);
        if (userVector is null)
        {
            fallback = FallbackReasons.NoHistoryUnpersonalised;
            return;
        }

        // q·item + w·(u·item) = (q + w·u)·item: personalisation costs no second scan.
        TensorPrimitives.MultiplyAdd(userVector.AsSpan(0, d), (float)_search.PersonalWeight, vector.AsSpan(0, d), vector.AsSpan(0, d));
        ArrayPool<float>.Shared.Return(userVector);
    }

    private static List<(string Id, float Score)> SearchCandidates(Model.ServingModel model, float[] vector, IReadOnlySet<string> excluded, string[] clicked, int count)
    {
        var d = model.Shape.Dim;
        var maps = model.IdMaps!;
        count = Math.Min(count, model.Shape.ItemRows - 1);
        var scores = ArrayPool<float>.Shared.Rent(count);
        var rows = ArrayPool<int>.Shared.Rent(count);
        var filter = new CandidateFilter(model, excluded, []);
        try
        {
            var n = ItemScanner.TopK(model.ItemTiles, vector.AsSpan(0, d), ref filter, scores.AsSpan(0, count), rows.AsSpan(0, count));
            var result = new List<(string, float)>(n + clicked.Length);
            var seen = new HashSet<int>();
            for (var i = 0; i < n; i++)
            {
                seen.Add(rows[i]);
                result.Add((maps.ItemIdOfRow(rows[i]), scores[i]));
            }

            foreach (var id in clicked)
            {
                var row = maps.ItemRow(id);
                if (row != 0 && seen.Add(row) && filter.Accept(row))
                {
                    result.Add((id, TensorPrimitives.Dot(vector.AsSpan(0, d), model.ItemVector(row))));
                }
            }

            return result;
        }
        finally
        {
            filter.Dispose();
            ArrayPool<float>.Shared.Return(scores);
            ArrayPool<int>.Shared.Return(rows);
        }
    }

    /// <summary>The fraction of query tokens present among the item's space-separated title tokens.</summary>
    private static double TokenMatch(HashSet<string> queryTokens, string? itemTokens)
    {
        if (string.IsNullOrEmpty(itemTokens))
        {
            return 0;
        }

        var matched = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in QueryTokenizer.Tokenize(itemTokens))
        {
            if (queryTokens.Contains(token) && seen.Add(token))
            {
                matched++;
            }
        }

        return (double)matched / queryTokens.Count;
    }
}
