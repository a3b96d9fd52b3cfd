using FuncRec.Core.Features;

namespace FuncRec.Serving.Features;

/// <summary>One interaction of a user's sequence.</summary>
/// <param name="ItemId">The item id.</param>
/// <param name="Type">The interaction type.</param>
public readonly record struct Interaction(string ItemId, InteractionType Type);

/// <summary>What serving reads about a user in one pipelined round trip.</summary>
/// <param name="RecentNewestFirst">The recent sequence, newest first (as stored).</param>
/// <param name="Purchased">Item ids the user bought.</param>
/// <param name="ExcludedCategories">Category ids excluded for everyone (admin SET).</param>
public sealed record UserFeatures(IReadOnlyList<Interaction> RecentNewestFirst, IReadOnlySet<string> Purchased, IReadOnlySet<string> ExcludedCategories);
