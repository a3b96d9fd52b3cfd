using System.Runtime.InteropServices;
using FuncRec.Core.Checkpoints;
using FuncRec.Core.Features;
using FuncRec.Serving.Model;
using FuncRec.Serving.Retrieval;
using FuncRec.Trainer.Data;
using FuncRec.Trainer.Model;
using FuncRec.Trainer.Runtime;
using FuncRec.Trainer.Training;
using static TorchSharp.torch;

namespace FuncRec.Parity.IntegrationTests;

/// <summary>One session as serving receives it: item rows and interaction types, oldest first.</summary>
internal sealed record Session(int[] Rows, byte[] Types);

/// <summary>
/// Builds small seeded TorchSharp models whose every parameter is moved well away from its
/// initialisation (layer norms included), and runs both implementations over the same inputs.
/// </summary>
internal static class ParityHarness
{
    public const int Items = 300;
    public const int Categories = 20;

    /// <summary>Id maps with <see cref="Items"/> items over <see cref="Categories"/> categories; every 7th item has none.</summary>
    public static ModelIdMaps NewIdMaps(int seed)
    {
        var random = new Random(seed);
        var maps = new ModelIdMaps();
        for (var i = 0; i < Items; i++)
        {
            maps.GetOrAddItem($"item-{i}", i % 7 == 3 ? null : $"cat-{random.Next(Categories)}");
        }

        return maps;
    }

    /// <summary>A model in eval mode with every parameter randomised (seeded), item_category set from <paramref name="maps"/>.</summary>
    public static SessionRecModel NewRandomModel(ModelOptions options, ModelIdMaps maps, int seed)
    {
        TorchRuntime.Seed(seed);
        var model = new SessionRecModel(options, maps.ItemRows, maps.CategoryRows);
        model.SetItemCategories(ModelGrowth.CategoryRows(maps));
        Randomize(model, options.Dim);
        model.eval();
        return model;
    }

    /// <summary>
    /// Replaces every parameter with values of realistic scale but far from the defaults: layer-norm
    /// gains in [0.5, 1.5] and non-zero biases, so a serving side that ignored a gain, a bias or a
    /// projection could not pass. Padding rows (item/cat/query row 0) stay zero as the contract says.
    /// </summary>
    public static void Randomize(SessionRecModel model, int dim)
    {
        using var _ = no_grad();
        var std = 1.0 / Math.Sqrt(dim);
        foreach (var (name, p) in model.named_parameters())
        {
            if (name.Contains("ln", StringComparison.Ordinal) && name.EndsWith(".weight", StringComparison.Ordinal))
            {
                p.uniform_(0.5, 1.5);
            }
            else if (name.EndsWith(".bias", StringComparison.Ordinal))
            {
                p.normal_(0, 0.2);
            }
            else if (name is "pos_emb.weight" or "type_emb.weight")
            {
                p.normal_(0, 0.5);
            }
            else if (name is "item_emb.weight" or "cat_emb.weight" or "query_emb.weight")
            {
                p.normal_(0, std);
                p[0].zero_();
            }
            else
            {
                // Linear weights [d, d]: a little larger than the default init so attention is not flat.
                p.normal_(0, 1.2 * std);
            }
        }
    }

    /// <summary>
    /// Random sessions: mostly lengths 1..L, some exactly L, some short (1..3), some longer than L
    /// (serving keeps the last L; the trainer truncates the same way before batching).
    /// </summary>
    public static List<Session> RandomSessions(int count, int maxLength, int itemRows, int seed)
    {
        var random = new Random(seed);
        var sessions = new List<Session>(count);
        for (var n = 0; n < count; n++)
        {
            var length = (n % 10) switch
            {
                0 => maxLength + random.Next(1, maxLength + 1),
                1 => maxLength,
                2 or 3 => random.Next(1, 4),
                _ => random.Next(1, maxLength + 1),
            };
            var rows = new int[length];
            var types = new byte[length];
            for (var j = 0; j < length; j++)
            {
                rows[j] = random.Next(1, itemRows);
                types[j] = (byte)random.Next(1, InteractionTypes.EmbeddingRows);
            }

            sessions.Add(new Session(rows, types));
        }

        return sessions;
    }

    /// <summary>
    /// TorchSharp user vectors [n, d], computed in batches of varying size (1..32) built by the trainer's own
    /// <see cref="ExampleBatcher.Build"/>: each input keeps its last L entries and is left-padded with row 0 /
    /// type 0 to the batch's longest, exactly as training batches are. (Each session gets one dummy trailing
    /// event to serve as the example's target, which the batcher never feeds to the model.)
    /// </summary>
    public static float[,] TorchUsers(SessionRecModel model, IReadOnlyList<Session> sessions, int seed)
    {
        var d = model.Options.Dim;
        var encoded = sessions.Select(s => new EncodedSession([.. s.Rows, 1], [.. s.Types, 1])).ToList();
        var random = new Random(seed);
        var result = new float[sessions.Count, d];
        using var grad = no_grad();
        for (var start = 0; start < sessions.Count;)
        {
            var size = Math.Min(sessions.Count - start, random.Next(4) == 0 ? 1 : random.Next(2, 33));
            var examples = Enumerable.Range(start, size).Select(s => (Session: s, End: sessions[s].Rows.Length)).ToList();
            using var batch = ExampleBatcher.Build(encoded, examples, model.Options.MaxLength, CPU);
            using var users = model.forward(batch.Items, batch.Types);
            var values = users.data<float>().ToArray();
            for (var b = 0; b < size; b++)
            {
                for (var i = 0; i < d; i++)
                {
                    result[start + b, i] = values[(b * d) + i];
                }
            }

            start += size;
        }

        return result;
    }

    /// <summary>Serving user vectors [n, d] from <see cref="SessionTower.Encode"/>, one unpadded session at a time.</summary>
    public static float[,] ServingUsers(ServingModel model, IReadOnlyList<Session> sessions)
    {
        var d = model.Shape.Dim;
        var result = new float[sessions.Count, d];
        var user = new float[d];
        for (var n = 0; n < sessions.Count; n++)
        {
            model.Session.Encode(sessions[n].Rows, sessions[n].Types, user);
            for (var i = 0; i < d; i++)
            {
                result[n, i] = user[i];
            }
        }

        return result;
    }

    /// <summary>TorchSharp scores [n, N] = users · ItemVectors()ᵀ.</summary>
    public static float[,] TorchScores(SessionRecModel model, float[,] users)
    {
        using var grad = no_grad();
        var n = users.GetLength(0);
        using var u = tensor(Flatten(users), [n, users.GetLength(1)]);
        using var items = model.ItemVectors();
        using var scores = u.matmul(items.t());
        return To2D(scores.data<float>().ToArray(), n, (int)items.shape[0]);
    }

    /// <summary>Serving scores [n, N] over every item row with <see cref="ItemScanner.ScoreRows"/>.</summary>
    public static float[,] ServingScores(ServingModel model, float[,] users)
    {
        var n = users.GetLength(0);
        var d = model.Shape.Dim;
        var rows = model.Shape.ItemRows;
        var all = new float[n * rows];
        var user = new float[d];
        for (var k = 0; k < n; k++)
        {
            for (var i = 0; i < d; i++)
            {
                user[i] = users[k, i];
            }

            ItemScanner.ScoreRows(model.ItemMatrix, d, 0, user, all.AsSpan(k * rows, rows));
        }

        return To2D(all, n, rows);
    }

    /// <summary>The largest absolute elementwise difference.</summary>
    public static double MaxAbsDiff(float[,] expected, float[,] actual)
    {
        Assert.Equal(expected.GetLength(0), actual.GetLength(0));
        Assert.Equal(expected.GetLength(1), actual.GetLength(1));
        var worst = 0.0;
        for (var r = 0; r < expected.GetLength(0); r++)
        {
            for (var c = 0; c < expected.GetLength(1); c++)
            {
                var diff = Math.Abs((double)expected[r, c] - actual[r, c]);
                worst = double.IsNaN(diff) ? double.PositiveInfinity : Math.Max(worst, diff);
            }
        }

        return worst;
    }

    /// <summary>The largest absolute value (to show a comparison is not between near-zero vectors).</summary>
    public static double MaxAbs(float[,] values) => Flatten(values).Max(v => Math.Abs((double)v));

    /// <summary>A row-major copy of <paramref name="values"/>.</summary>
    public static float[] Flatten(float[,] values) => MemoryMarshal.CreateReadOnlySpan(ref values[0, 0], values.Length).ToArray();

    private static float[,] To2D(float[] flat, int rows, int cols)
    {
        var result = new float[rows, cols];
        flat.AsSpan().CopyTo(MemoryMarshal.CreateSpan(ref result[0, 0], flat.Length));
        return result;
    }
}
