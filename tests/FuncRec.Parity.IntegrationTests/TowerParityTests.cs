using FuncRec.Core.Text;
using FuncRec.Serving.Model;
using FuncRec.Trainer.Model;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace FuncRec.Parity.IntegrationTests;

/// <summary>
/// Train/serve parity (docs/model.md): a randomised TorchSharp <see cref="SessionRecModel"/> is exported
/// with the trainer's own <see cref="ModelWeights.Serialize"/> and loaded by <see cref="ServingModel.Load"/>;
/// both must compute the same towers.
/// </summary>
public sealed class TowerParityTests(ITestOutputHelper output)
{
    private const double UserTolerance = 1e-4;
    private const double ItemTolerance = 1e-5;
    private const double QueryTolerance = 1e-4;

    private static ModelOptions Options(int heads, int blocks = 2) =>
        new() { Dim = 32, MaxLength = 20, Blocks = blocks, Heads = heads, QueryBuckets = 512 };

    [Theory]
    [InlineData(2, 2, 11)]
    [InlineData(1, 2, 12)]
    [InlineData(4, 1, 13)]
    public void SessionTower_RandomSequencesInLeftPaddedBatches_UserVectorsAndScoresMatchTorchWithin1e4(int heads, int blocks, int seed)
    {
        var maps = ParityHarness.NewIdMaps(seed);
        var options = Options(heads, blocks);
        using var torchModel = ParityHarness.NewRandomModel(options, maps, seed);
        var serving = ServingModel.Load(ModelWeights.Serialize(torchModel), maps, "parity");
        var sessions = ParityHarness.RandomSessions(1000, options.MaxLength, maps.ItemRows, seed);

        var expectedUsers = ParityHarness.TorchUsers(torchModel, sessions, seed);
        var actualUsers = ParityHarness.ServingUsers(serving, sessions);
        var userDiff = ParityHarness.MaxAbsDiff(expectedUsers, actualUsers);

        // Scores: each side's user vectors against each side's own item matrix.
        var expectedScores = ParityHarness.TorchScores(torchModel, expectedUsers);
        var actualScores = ParityHarness.ServingScores(serving, actualUsers);
        var scoreDiff = ParityHarness.MaxAbsDiff(expectedScores, actualScores);

        output.WriteLine($"H={heads} B={blocks}: max|Δuser| = {userDiff:E3} (max|user| {ParityHarness.MaxAbs(expectedUsers):F2}), max|Δscore| = {scoreDiff:E3} (max|score| {ParityHarness.MaxAbs(expectedScores):F2})");
        Assert.True(ParityHarness.MaxAbs(expectedUsers) > 0.5, "user vectors are degenerate; the comparison would prove nothing");
        Assert.True(userDiff <= UserTolerance, $"max |torch - serving| over user vectors = {userDiff:E3}");
        Assert.True(scoreDiff <= UserTolerance, $"max |torch - serving| over scores = {scoreDiff:E3}");
    }

    [Fact]
    public void SessionTower_SameSessionAloneOrLeftPaddedInBatch_TorchAgreesWithItselfAndServing()
    {
        // The most direct check of the padding contract: torch on [x] alone versus [0,0,..,x] in a batch.
        var maps = ParityHarness.NewIdMaps(21);
        var options = Options(heads: 2);
        using var torchModel = ParityHarness.NewRandomModel(options, maps, 21);
        var serving = ServingModel.Load(ModelWeights.Serialize(torchModel), maps);
        using var grad = no_grad();
        using var alone = tensor(new long[] { 5, 17, 3 }, [1, 3]);
        using var aloneTypes = tensor(new long[] { 1, 4, 2 }, [1, 3]);
        using var batch = tensor(new long[] { 0, 0, 5, 17, 3, 9, 8, 7, 6, 5 }, [2, 5]);
        using var batchTypes = tensor(new long[] { 0, 0, 1, 4, 2, 5, 5, 3, 1, 2 }, [2, 5]);
        using var uAlone = torchModel.forward(alone, aloneTypes);
        using var uBatch = torchModel.forward(batch, batchTypes);
        var user = new float[options.Dim];
        serving.Session.Encode([5, 17, 3], [1, 4, 2], user);

        var a = uAlone.data<float>().ToArray();
        var b = uBatch[0].data<float>().ToArray();
        var diffPadded = a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
        var diffServing = a.Zip(user, (x, y) => Math.Abs(x - y)).Max();
        output.WriteLine($"torch alone vs padded: {diffPadded:E3}; torch vs serving: {diffServing:E3}");
        Assert.True(diffPadded <= UserTolerance, $"torch padded vs alone differ by {diffPadded:E3}");
        Assert.True(diffServing <= UserTolerance, $"torch vs serving differ by {diffServing:E3}");
    }

    [Theory]
    [InlineData("blocks.0.attn.k.weight")]
    [InlineData("blocks.1.ln2.bias")]
    [InlineData("blocks.1.ffn.fc1.weight")]
    [InlineData("final_ln.weight")]
    [InlineData("pos_emb.weight")]
    [InlineData("type_emb.weight")]
    [InlineData("cat_emb.weight")]
    public void SessionTower_OneWeightPerturbedAfterExport_ExceedsTolerance(string parameter)
    {
        // Guards the guard: a skew of one element by 0.05 must be far outside the parity tolerance.
        var maps = ParityHarness.NewIdMaps(31);
        var options = Options(heads: 2);
        using var torchModel = ParityHarness.NewRandomModel(options, maps, 31);
        var serving = ServingModel.Load(ModelWeights.Serialize(torchModel), maps);
        using (no_grad())
        {
            var p = torchModel.state_dict()[parameter];
            var flat = p.view(-1);
            flat.narrow(0, (flat.shape[0] / 2) + 1, 1).add_(0.05);
        }

        var sessions = ParityHarness.RandomSessions(200, options.MaxLength, maps.ItemRows, 31);
        var userDiff = ParityHarness.MaxAbsDiff(ParityHarness.TorchUsers(torchModel, sessions, 31), ParityHarness.ServingUsers(serving, sessions));
        output.WriteLine($"{parameter} +0.05: max|Δuser| = {userDiff:E3}");
        Assert.True(userDiff > 100 * UserTolerance, $"perturbing {parameter} moved user vectors by only {userDiff:E3}");
    }

    [Theory]
    [InlineData(2, 41)]
    [InlineData(1, 42)]
    public void ItemVector_EveryRow_MatchesTorchItemTowerWithin1e5(int heads, int seed)
    {
        var maps = ParityHarness.NewIdMaps(seed);
        using var torchModel = ParityHarness.NewRandomModel(Options(heads), maps, seed);
        var serving = ServingModel.Load(ModelWeights.Serialize(torchModel), maps);
        float[] all;
        float[] byRow;
        using (no_grad())
        {
            using var matrix = torchModel.ItemVectors();
            all = matrix.data<float>().ToArray();
            using var rows = arange(maps.ItemRows, dtype: ScalarType.Int64);
            using var selected = torchModel.ItemVectors(rows);
            byRow = selected.data<float>().ToArray();
        }

        var d = torchModel.Options.Dim;
        var worst = 0.0;
        for (var r = 0; r < maps.ItemRows; r++)
        {
            var vector = serving.ItemVector(r);
            for (var i = 0; i < d; i++)
            {
                worst = Math.Max(worst, Math.Abs(all[(r * d) + i] - vector[i]));
                worst = Math.Max(worst, Math.Abs(byRow[(r * d) + i] - vector[i]));
            }
        }

        output.WriteLine($"H={heads}: max|Δitem| = {worst:E3} over {maps.ItemRows} rows");
        Assert.Equal(maps.ItemRows, serving.Shape.ItemRows);
        Assert.True(worst <= ItemTolerance, $"max |torch - serving| over item vectors = {worst:E3}");
    }

    [Fact]
    public void QueryTower_HashedTokensOfRandomQueries_MatchesTorchEncodeQueryWithin1e4()
    {
        var maps = ParityHarness.NewIdMaps(51);
        var options = Options(heads: 2);
        using var torchModel = ParityHarness.NewRandomModel(options, maps, 51);
        var serving = ServingModel.Load(ModelWeights.Serialize(torchModel), maps);
        var random = new Random(51);
        string[] vocabulary = ["Red", "shoes", "running", "42", "LEATHER", "bag", "kids'", "t-shirt", "usb-c", "cable", "café", "Ünïcode", "x", "2024", "wireless", "mouse"];
        var queries = Enumerable.Range(0, 300)
            .Select(_ => string.Join(random.Next(3) == 0 ? ", " : " ", Enumerable.Range(0, random.Next(1, 7)).Select(_ => vocabulary[random.Next(vocabulary.Length)])))
            .ToList();

        // The trainer's path: QueryTokenizer.Bucket(token, Q) per token, right-padded with row 0 in a batch.
        var tokenRows = queries.Select(q => QueryTokenizer.Tokenize(q).Select(t => QueryTokenizer.Bucket(t, options.QueryBuckets)).ToArray()).ToList();
        Assert.All(tokenRows, rows => Assert.NotEmpty(rows));
        var width = tokenRows.Max(r => r.Length);
        var padded = new long[queries.Count * width];
        for (var n = 0; n < queries.Count; n++)
        {
            for (var k = 0; k < tokenRows[n].Length; k++)
            {
                padded[(n * width) + k] = tokenRows[n][k];
            }
        }

        float[] expected;
        using (no_grad())
        {
            using var input = tensor(padded, [queries.Count, width]);
            using var encoded = torchModel.EncodeQuery(input);
            expected = encoded.data<float>().ToArray();
        }

        // Serving's path: its own tokenisation and bucketing (QueryTower.Row), one query at a time.
        var d = options.Dim;
        var vector = new float[d];
        var worst = 0.0;
        for (var n = 0; n < queries.Count; n++)
        {
            var rows = QueryTokenizer.Tokenize(queries[n]).Select(serving.Query.Row).ToArray();
            Assert.Equal(tokenRows[n], rows);
            serving.Query.Encode(rows, vector);
            for (var i = 0; i < d; i++)
            {
                worst = Math.Max(worst, Math.Abs(expected[(n * d) + i] - vector[i]));
            }
        }

        output.WriteLine($"max|Δquery| = {worst:E3} over {queries.Count} queries (max|q| {expected.Max(Math.Abs):F2})");
        Assert.True(worst <= QueryTolerance, $"max |torch - serving| over query vectors = {worst:E3}");
    }
}
