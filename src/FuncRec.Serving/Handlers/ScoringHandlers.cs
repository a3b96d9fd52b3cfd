using System.Buffers;
using FuncRec.Serving.Features;
using FuncRec.Serving.Hosting;
using FuncRec.Serving.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FuncRec.Serving.Handlers;

/// <summary>
/// The serving handlers behind <c>GET recommend/{user}</c>, <c>POST score</c> and <c>GET search</c>,
/// shared by the Functions HTTP triggers and the local host. Each request reads
/// <see cref="IServingModelSource.Current"/> once, so it finishes on the version it started with even
/// when a swap happens meanwhile.
/// </summary>
public sealed partial class ScoringHandlers
{
    private readonly IServingModelSource _models;
    private readonly ServingFeatureStore _features;
    private readonly ServingOptions _options;
    private readonly SearchOptions _search;
    private readonly ILogger<ScoringHandlers> _logger;

    /// <summary>Creates the handlers.</summary>
    public ScoringHandlers(IServingModelSource models, ServingFeatureStore features, IOptions<ServingOptions> options, IOptions<SearchOptions> search, ILogger<ScoringHandlers> logger)
    {
        _models = models;
        _features = features;
        _options = options.Value;
        _search = search.Value;
        _logger = logger;
    }

    /// <summary>True for ids of 1-64 characters from [A-Za-z0-9._:-], the ingestion's id rule.</summary>
    public static bool IsValidId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 64)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static string InvalidId(string what, string? id) =>
        $"{what} '{id}' is invalid: use 1-64 characters from letters, digits, '.', '_', ':' and '-'.";

    private bool TryResolveK(int? requested, out int k, out string problem)
    {
        k = requested ?? _options.DefaultK;
        problem = string.Empty;
        if (k < 1 || k > _options.MaxK)
        {
            problem = $"k must be between 1 and {_options.MaxK}, got {k}.";
            return false;
        }

        return true;
    }

    private static ServingResult<ServingResponse> NoModel() =>
        ServingResult<ServingResponse>.Unavailable("No model version has been loaded yet; retry shortly.");

    /// <summary>
    /// Splits a newest-first Redis sequence into the model's known rows (oldest first, at most L, into
    /// pooled buffers the caller returns) and the ids the model has never seen (newest first).
    /// </summary>
    private static int SplitHistory(ServingModel model, UserFeatures user, int[] rows, byte[] types, List<string> newItems)
    {
        var maps = model.IdMaps!;
        var known = 0;
        var recent = user.RecentNewestFirst;
        // Walk oldest to newest so rows come out oldest first, as the tower expects.
        for (var i = recent.Count - 1; i >= 0; i--)
        {
            var row = maps.ItemRow(recent[i].ItemId);
            if (row == 0)
            {
                if (!newItems.Contains(recent[i].ItemId))
                {
                    newItems.Insert(0, recent[i].ItemId);
                }

                continue;
            }

            rows[known] = row;
            types[known++] = (byte)recent[i].Type;
        }

        return known;
    }

    /// <summary>Encodes the user's known history into a pooled d-vector, or returns null when there is none.</summary>
    private static float[]? EncodeUser(ServingModel model, UserFeatures user, List<string> newItems)
    {
        var length = Math.Max(1, user.RecentNewestFirst.Count);
        var rows = ArrayPool<int>.Shared.Rent(length);
        var types = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var known = SplitHistory(model, user, rows, types, newItems);
            if (known == 0)
            {
                return null;
            }

            var vector = ArrayPool<float>.Shared.Rent(model.Shape.Dim);
            model.Session.Encode(rows.AsSpan(0, known), types.AsSpan(0, known), vector.AsSpan(0, model.Shape.Dim));
            return vector;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rows);
            ArrayPool<byte>.Shared.Return(types);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Handler} for user {UserId} served by {ModelVersion} with fallback {Fallback}")]
    private partial void LogServed(string handler, string? userId, string modelVersion, string? fallback);

}
