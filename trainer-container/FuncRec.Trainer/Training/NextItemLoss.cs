using FuncRec.Trainer.Model;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace FuncRec.Trainer.Training;

/// <summary>
/// Next-item cross-entropy over the item tower's dot-product scores: a full softmax over rows 1..N-1, or a
/// sampled softmax with K shared negatives and logQ correction, where negatives equal to the positive
/// ("accidental hits") are masked. Optionally adds λ·T²·KL(teacher ‖ student) over the same candidates. With the
/// examples' input items given, those items are also masked for every example whose target is not among them.
/// </summary>
public static class NextItemLoss
{
    /// <summary>
    /// The mean loss of a batch of user (or query) vectors [B, d] against target rows [B]; <paramref name="sessionItems"/>
    /// [B, T] (row 0 = padding), when given, masks each non-repeat example's input items from its candidates.
    /// </summary>
    public static Tensor Compute(
        SessionRecModel model, Tensor user, Tensor targets, NegativeSampler? sampler, Generator generator,
        Teacher? teacher = null, Tensor? teacherUser = null, Tensor? sessionItems = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var scope = NewDisposeScope();
        Tensor loss;
        if (sampler is null)
        {
            var logits = Full(model, user);
            var sessionMask = sessionItems is null
                ? null
                : zeros(logits.shape, dtype: ScalarType.Bool, device: logits.device)
                    .scatter_(1, sessionItems, ones(sessionItems.shape, dtype: ScalarType.Bool, device: logits.device))
                    .logical_and_(NotRepeat(sessionItems, targets).unsqueeze(1));
            logits = Mask(logits, sessionMask);
            loss = functional.cross_entropy(logits, targets);
            if (teacher is not null && teacherUser is not null)
            {
                using var _ = no_grad();
                var t = Full(teacher.Model, teacherUser);
                var pad = full(t.shape[0], logits.shape[1] - t.shape[1], CausalSelfAttention.MaskedLogit, device: t.device);
                var teacherLogits = Mask(cat([t, pad], 1), sessionMask);
                loss = loss.Plus(Distill(logits, teacherLogits, teacher));
            }
            else if (teacher is not null)
            {
                throw new ArgumentNullException(nameof(teacherUser));
            }
        }
        else
        {
            var negatives = sampler.Sample(generator);
            var logits = Sampled(model, user, targets, negatives, sampler);

            // [B, 1 + K]: negative k is one of example b's input items (padding row 0 is never drawn); never the positive.
            var sessionMask = sessionItems is null
                ? null
                : cat([
                    zeros(targets.shape[0], 1, dtype: ScalarType.Bool, device: logits.device),
                    sessionItems.unsqueeze(1).eq(negatives.view(1, -1, 1)).any(-1).logical_and_(NotRepeat(sessionItems, targets).unsqueeze(1))], 1);
            logits = Mask(logits, sessionMask);

            loss = functional.cross_entropy(logits, zeros_like(targets));
            if (teacher is not null && teacherUser is not null)
            {
                Tensor teacherLogits;
                using (no_grad())
                {
                    var known = targets.LessThan(teacher.ItemRows);
                    var safeTargets = targets.where(known, zeros_like(targets));
                    var knownNegatives = negatives.LessThan(teacher.ItemRows);
                    var safeNegatives = negatives.where(knownNegatives, zeros_like(negatives));
                    teacherLogits = Sampled(teacher.Model, teacherUser, safeTargets, safeNegatives, sampler);
                    var unknownCandidates = cat([known.logical_not().unsqueeze(1), knownNegatives.logical_not().unsqueeze(0).expand(targets.shape[0], -1)], 1);
                    teacherLogits = Mask(teacherLogits.MaskedFill(unknownCandidates, CausalSelfAttention.MaskedLogit), sessionMask);
                }

                loss = loss.Plus(Distill(logits, teacherLogits, teacher));
            }
        }

        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>Scores over every row [B, N]; padding row 0 is masked.</summary>
    public static Tensor Full(SessionRecModel model, Tensor user)
    {
        using var scope = NewDisposeScope();
        var scores = user.matmul(model.ItemVectors().t());
        var padding = zeros(scores.shape[1], dtype: ScalarType.Bool, device: scores.device);
        padding[0] = true;
        return scores.MaskedFill(padding.unsqueeze(0), CausalSelfAttention.MaskedLogit).MoveToOuterDisposeScope();
    }

    // Candidates masked for the student are masked for the teacher too, so distillation never asks for their mass.
    private static Tensor Mask(Tensor logits, Tensor? mask) => mask is null ? logits : logits.MaskedFill(mask, CausalSelfAttention.MaskedLogit);

    // [B]: the target is not among the example's input items.
    private static Tensor NotRepeat(Tensor sessionItems, Tensor targets) => sessionItems.eq(targets.unsqueeze(1)).any(1).logical_not();

    private static Tensor Sampled(SessionRecModel model, Tensor user, Tensor targets, Tensor negatives, NegativeSampler sampler)
    {
        using var scope = NewDisposeScope();
        var positive = (user * model.ItemVectors(targets)).sum(-1, keepdim: true) - sampler.LogExpected(targets).unsqueeze(1);
        var negative = user.matmul(model.ItemVectors(negatives).t()) - sampler.LogExpected(negatives).unsqueeze(0);
        var accidentalHit = negatives.unsqueeze(0).eq(targets.unsqueeze(1));
        negative = negative.MaskedFill(accidentalHit, CausalSelfAttention.MaskedLogit);
        return cat([positive, negative], 1).MoveToOuterDisposeScope();
    }

    private static Tensor Distill(Tensor studentLogits, Tensor teacherLogits, Teacher teacher)
    {
        using var scope = NewDisposeScope();
        var temperature = teacher.Temperature;
        var masked = teacherLogits.AtMost(CausalSelfAttention.MaskedLogit / 2);
        var student = studentLogits.MaskedFill(masked, CausalSelfAttention.MaskedLogit).DividedBy(temperature);
        // KL written out: p_t·(log p_t − log p_s). Masked candidates have p_t = 0 exactly and finite log terms, so they add 0.
        var teacherLog = teacherLogits.DividedBy(temperature).log_softmax(-1);
        var kl = (teacherLog.exp() * (teacherLog - student.log_softmax(-1))).sum(-1).mean();
        return kl.Times(teacher.Weight * temperature * temperature).MoveToOuterDisposeScope();
    }
}
