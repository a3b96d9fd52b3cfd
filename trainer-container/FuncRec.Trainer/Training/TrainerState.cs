using FuncRec.Core.Checkpoints;
using FuncRec.Trainer.Data;
using FuncRec.Trainer.Model;

namespace FuncRec.Trainer.Training;

/// <summary>
/// Everything a version carries forward to its children: weights, Adam state, id maps, the replay
/// reservoir, per-row event counts (the negative-sampling proposal) and the item co-occurrence table.
/// </summary>
public sealed class TrainerState : IDisposable
{
    /// <summary>Bundles the parts; the state owns the model and optimizer.</summary>
    public TrainerState(SessionRecModel model, ModelIdMaps idMaps, AdamOptimizer optimizer, ReplayReservoir replay, List<long> itemCounts)
    {
        Model = model;
        IdMaps = idMaps;
        Optimizer = optimizer;
        Replay = replay;
        ItemCounts = itemCounts;
    }

    /// <summary>The model.</summary>
    public SessionRecModel Model { get; set; }

    /// <summary>External ids to rows.</summary>
    public ModelIdMaps IdMaps { get; }

    /// <summary>Adam state keyed by parameter name.</summary>
    public AdamOptimizer Optimizer { get; }

    /// <summary>Uniform sample of all sessions trained on so far.</summary>
    public ReplayReservoir Replay { get; }

    /// <summary>Events per item row over the lineage (index 0 unused).</summary>
    public List<long> ItemCounts { get; }

    /// <summary>Item co-occurrence over the lineage, decayed per update (empty when the hybrid ranking is off).</summary>
    public ItemCooccurrence Cooccurrence { get; set; } = ItemCooccurrence.Empty;

    /// <summary>Brings <see cref="ItemCounts"/> up to the id map's rows.</summary>
    public void SyncCounts()
    {
        while (ItemCounts.Count < IdMaps.ItemRows)
        {
            ItemCounts.Add(0);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Model.Dispose();
        Optimizer.Dispose();
    }
}
