using System.ComponentModel.DataAnnotations;

namespace FuncRec.Trainer.Training;

/// <summary>Optimisation and data hyperparameters of a training run.</summary>
public sealed class TrainingOptions
{
    /// <summary>Configuration section (<c>Training__Epochs</c> etc.).</summary>
    public const string SectionName = "Training";

    /// <summary>The <see cref="ReplaySampling"/> value for a uniform sample of the whole lineage.</summary>
    public const string LineageReplay = "lineage";

    /// <summary>The <see cref="ReplaySampling"/> value for a recency-weighted sample.</summary>
    public const string RecentReplay = "recent";

    /// <summary>The <see cref="TargetPositions"/> value for one pass per prefix, scored at its last position.</summary>
    public const string LastTargetPosition = "last";

    /// <summary>The <see cref="TargetPositions"/> value for one pass per session window, scored at every position.</summary>
    public const string AllTargetPositions = "all";

    /// <summary>The <see cref="SessionNegatives"/> value that trains every example against plain sampled negatives.</summary>
    public const string KeepSessionNegatives = "keep";

    /// <summary>The <see cref="SessionNegatives"/> value that masks the input's items out of a non-repeat example's negatives.</summary>
    public const string MaskSessionNegatives = "mask";

    /// <summary>The <see cref="IncrementalLearningRateSchedule"/> value that keeps the rate fixed.</summary>
    public const string ConstantSchedule = "constant";

    /// <summary>The <see cref="IncrementalLearningRateSchedule"/> value that anneals the rate along a half cosine to 0.</summary>
    public const string CosineSchedule = "cosine";

    /// <summary>The <see cref="SessionNegatives"/> value that also drops examples whose target repeats an input item.</summary>
    public const string ExploreOnly = "explore";

    /// <summary>Epochs of a full (from scratch) training. Default: 16 (with <see cref="Dropout"/> 0.5; 24 measured no better).</summary>
    [Range(1, 1000)]
    public int Epochs { get; set; } = 16;

    /// <summary>Epochs over new window plus replay in an incremental update. Default: 4 (docs/quality-tuning.md: better than 2 in every week).</summary>
    [Range(1, 1000)]
    public int IncrementalEpochs { get; set; } = 4;

    /// <summary>Examples (session prefixes) per batch. Default: 256.</summary>
    [Range(1, 65536)]
    public int BatchSize { get; set; } = 256;

    /// <summary>Adam learning rate. Default: 0.001.</summary>
    [Range(1e-7, 1.0)]
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>
    /// Adam learning rate of incremental updates; 0 uses <see cref="LearningRate"/>. A warm-started model sits near a
    /// minimum already, so a smaller step can keep more of what it learned. Default: 0.
    /// </summary>
    [Range(0.0, 1.0)]
    public double IncrementalLearningRate { get; set; }

    /// <summary>
    /// How the learning rate moves within one incremental update: <c>constant</c>, or <c>cosine</c>, which starts each
    /// update at the incremental rate and anneals it along a half cosine to 0 at its last planned step, so the saved
    /// weights are a settled point rather than the last noisy step at full rate (a warm restart at every update, as in
    /// SGDR). Default: <c>constant</c>.
    /// </summary>
    [RegularExpression("^(constant|cosine)$")]
    public string IncrementalLearningRateSchedule { get; set; } = ConstantSchedule;

    /// <summary>Adam beta2 (0.98 as in SASRec, which adapts faster on sparse embedding rows). Default: 0.98.</summary>
    [Range(0.5, 0.99999)]
    public double AdamBeta2 { get; set; } = 0.98;

    /// <summary>Sampled negatives per batch, shared by its examples. Default: 2048.</summary>
    [Range(1, 1_000_000)]
    public int Negatives { get; set; } = 2048;

    /// <summary>
    /// Catalogues with at most this many items use a full softmax instead of sampling (exact and, at that
    /// size, no slower). Default: 4096.
    /// </summary>
    [Range(0, 10_000_000)]
    public int FullSoftmaxMaxItems { get; set; } = 4096;

    /// <summary>
    /// Negatives are drawn with probability proportional to (count + 1)^exponent and corrected by logQ;
    /// 0 is uniform. Default: 0.5.
    /// </summary>
    [Range(0.0, 1.0)]
    public double SamplingExponent { get; set; } = 0.5;

    /// <summary>Dropout on embeddings and residual branches during training. Default: 0.5 (0.3 overfit at 16 epochs).</summary>
    [Range(0.0, 0.9)]
    public double Dropout { get; set; } = 0.5;

    /// <summary>
    /// Sessions kept in the replay sample (see <see cref="ReplaySampling"/>) for incremental updates. Default: 20000
    /// (docs/quality-tuning.md: with recent replay 43.09 against 42.64 Recall@20 for 10,000 over the 16 weeks, at
    /// 8.95 % of the weekly full retrains' examples against 6.5 %; 2,000 forgot).
    /// </summary>
    [Range(0, 10_000_000)]
    public int ReplaySessions { get; set; } = 20_000;

    /// <summary>
    /// How the replay sample is kept: <c>lineage</c>, a uniform sample of every session the lineage trained on, or
    /// <c>recent</c>, re-drawn after each update uniformly from the previous sample plus the new window (recent weeks
    /// dominate, older ones fade geometrically). Default: <c>recent</c> (docs/quality-tuning.md: with 10,000 sessions
    /// 42.64 against 41.85 Recall@20 over the 16 weeks at the same compute, ahead in 13 of the 15 updated weeks and level
    /// in the other two; with 20,000, 43.09 against 41.98).
    /// </summary>
    [RegularExpression("^(lineage|recent)$")]
    public string ReplaySampling { get; set; } = RecentReplay;

    /// <summary>
    /// How next-item examples are computed: <c>last</c> runs the session tower once per prefix and scores its last
    /// position, exactly the serving layout; <c>all</c> runs it once per window of up to L events and scores every
    /// position (<see cref="WindowBatcher"/>), the same examples at a fraction of the encoder cost. Default: <c>last</c>.
    /// </summary>
    [RegularExpression("^(last|all)$")]
    public string TargetPositions { get; set; } = LastTargetPosition;

    /// <summary>Weight of distillation from the parent's scores in incremental updates; 0 turns it off. Default: 0.</summary>
    [Range(0.0, 10.0)]
    public double DistillationWeight { get; set; }

    /// <summary>Softmax temperature of the distillation term. Default: 1.</summary>
    [Range(0.05, 100.0)]
    public double DistillationTemperature { get; set; } = 1.0;

    /// <summary>
    /// The chronologically last fraction of the window's sessions held out for the manifest's metrics
    /// (not trained on); 0 disables. Default: 0.05.
    /// </summary>
    [Range(0.0, 0.5)]
    public double HoldoutFraction { get; set; } = 0.05;

    /// <summary>
    /// The fraction of the window's sessions, drawn at random (seeded) from those before the holdout, used to choose the
    /// epoch when <see cref="EarlyStoppingPatience"/> is set; not trained on. Default: 0.1.
    /// </summary>
    [Range(0.0, 0.5)]
    public double ValidationFraction { get; set; } = 0.1;

    /// <summary>
    /// Epochs without a better validation Recall@20 before training stops and rolls back to the best epoch's weights
    /// and Adam state; <see cref="Epochs"/> and <see cref="IncrementalEpochs"/> are then the maxima. 0 trains the fixed
    /// epoch counts on every training session. Default: 0.
    /// </summary>
    [Range(0, 1000)]
    public int EarlyStoppingPatience { get; set; }

    /// <summary>
    /// Whether the trainer scores the held-out sessions itself for the manifest's metrics. The update gate ranks the
    /// same sessions with the serving model anyway, so a host that always gates (the demo) can save this pass; the
    /// sessions stay held out either way. Default: true.
    /// </summary>
    public bool EvaluateHoldout { get; set; } = true;

    /// <summary>
    /// The ranking policy of the trainer's evaluations: the items of the session so far rank above every other item,
    /// in score order among themselves (shoppers return to items they viewed: on the quality protocol about one test
    /// case in five targets an item already in its session). The update gate and serving have the same switch.
    /// Default: true (docs/quality-tuning.md, step 4).
    /// </summary>
    public bool SessionItemsFirst { get; set; } = true;

    /// <summary>
    /// How training treats the items of an example's own input, which <see cref="SessionItemsFirst"/> ranks first anyway:
    /// <c>keep</c> scores them like any negative; <c>mask</c> removes them from the negatives of examples whose target is
    /// not among them (so they are never pushed down where the ranking policy lifts them); <c>explore</c> does that and
    /// also drops the examples whose target repeats an input item, so the model learns only what the policy cannot.
    /// Only with <c>TargetPositions=last</c>; distillation masks the same candidates in the teacher. Default: <c>mask</c>
    /// (docs/quality-tuning.md, step 4: ahead of <c>keep</c> in every one of the 16 weeks; <c>explore</c> was behind).
    /// </summary>
    [RegularExpression("^(keep|mask|explore)$")]
    public string SessionNegatives { get; set; } = MaskSessionNegatives;

    /// <summary>
    /// Weight of the co-occurrence term of the hybrid ranking: every item's score gains this times
    /// <c>log(1 + Σₖ c(inputₖ, item) / k)</c>, where c is the version's session co-occurrence
    /// (<see cref="FuncRec.Core.Checkpoints.ItemCooccurrence"/>) and k counts input items from the end. It lifts items
    /// that shoppers view together with the session's items, which the dot-product model under-ranks when they are rare.
    /// The version carries the table and the weight, so the gate and serving rank the same way. 0 turns it off and stops
    /// maintaining the table. Default: 16 (docs/quality-tuning.md, step 5).
    /// </summary>
    [Range(0.0, 1000.0)]
    public double CooccurrenceWeight { get; set; } = 16;

    /// <summary>
    /// Factor on the parent's co-occurrence weights at each incremental update (1 keeps every week's pairs at full weight,
    /// as a full recount would). Default: 1 (0.8 and 0.5 were worse in week 12).
    /// </summary>
    [Range(0.0, 1.0)]
    public double CooccurrenceDecay { get; set; } = 1;

    /// <summary>Partners kept per item, the heaviest first. Default: 1000.</summary>
    [Range(1, 100_000)]
    public int CooccurrenceNeighbors { get; set; } = 1000;

    /// <summary>Sessions with more distinct items than this add no pairs (their pairs are quadratic and weakly related). Default: 30.</summary>
    [Range(2, 10_000)]
    public int CooccurrenceMaxSessionItems { get; set; } = 30;

    /// <summary>Seed of initialisation, shuffling and sampling. Default: 42.</summary>
    public long Seed { get; set; } = 42;

    /// <summary>libtorch intra-op threads; 0 keeps libtorch's default (one per core). Default: 0.</summary>
    [Range(0, 1024)]
    public int Threads { get; set; }

    /// <summary>Compute device: <c>auto</c>, <c>cpu</c> or <c>cuda</c>. Default: <c>auto</c>.</summary>
    [RegularExpression("^(auto|cpu|cuda)$")]
    public string Device { get; set; } = "auto";

    /// <summary>A copy, so per-request overrides never leak into the shared options.</summary>
    public TrainingOptions Clone() => (TrainingOptions)MemberwiseClone();
}
