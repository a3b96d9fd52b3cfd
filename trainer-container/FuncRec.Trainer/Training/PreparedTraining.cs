using FuncRec.Core.Checkpoints;
using FuncRec.Core.Sessions;
using FuncRec.Trainer.Data;
using FuncRec.Trainer.Model;
using static TorchSharp.torch;

namespace FuncRec.Trainer.Training;

/// <summary>A training job ready for its first optimizer step (see <see cref="IncrementalTrainer.PrepareAsync"/>); owns its models.</summary>
/// <param name="State">The state to train: grown parent or fresh model, optimizer, id maps, replay, counts.</param>
/// <param name="Parent">The parent model as loaded (the distillation teacher); null for a full run.</param>
/// <param name="ParentMaps">A copy of the parent's id maps; null for a full run.</param>
/// <param name="ModelOptions">The architecture in effect.</param>
/// <param name="Options">The training options in effect (defaults plus overrides).</param>
/// <param name="Device">The compute device.</param>
/// <param name="WindowSessions">Sessions of the window used for training (the window less the validation sample and the holdout).</param>
/// <param name="Validation">A seeded random sample of the sessions before the holdout that chooses the epoch (early stopping); not trained on.</param>
/// <param name="Holdout">The chronologically last sessions, kept for evaluation.</param>
/// <param name="NewSessions">The window's encoded sessions with at least two events.</param>
/// <param name="TrainingSet">New sessions followed by replayed ones.</param>
/// <param name="Searches">Search examples of the window.</param>
public sealed record PreparedTraining(
    TrainerState State, SessionRecModel? Parent, ModelIdMaps? ParentMaps, Model.ModelOptions ModelOptions, TrainingOptions Options, Device Device,
    int WindowSessions, IReadOnlyList<SessionSequence> Validation, IReadOnlyList<SessionSequence> Holdout, IReadOnlyList<EncodedSession> NewSessions,
    IReadOnlyList<EncodedSession> TrainingSet, IReadOnlyList<SearchExample> Searches) : IDisposable
{
    /// <inheritdoc />
    public void Dispose()
    {
        State.Dispose();
        Parent?.Dispose();
    }
}
