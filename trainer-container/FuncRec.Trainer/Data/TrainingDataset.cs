using FuncRec.Core.Features;

namespace FuncRec.Trainer.Data;

/// <summary>One session's interactions, oldest first.</summary>
/// <param name="SessionId">The session (or user) id.</param>
/// <param name="ItemIds">External item ids in time order.</param>
/// <param name="Types">The interaction type of each item, same length as <paramref name="ItemIds"/>.</param>
public sealed record TrainingSession(string SessionId, IReadOnlyList<string> ItemIds, IReadOnlyList<InteractionType> Types);

/// <summary>The sessions of a data window, ordered by each session's first interaction.</summary>
/// <param name="Sessions">The sessions.</param>
/// <param name="Interactions">The total number of interactions.</param>
/// <param name="Description">A short description for logs and the manifest, e.g. <c>diginetica:0-3</c>.</param>
public sealed record TrainingDataset(IReadOnlyList<TrainingSession> Sessions, long Interactions, string Description);
