using FuncRec.Serving.Model;
using FuncRec.Testing;

namespace FuncRec.Serving.UnitTests.Model;

public sealed class SessionTowerReferenceTests
{
    private const double Tolerance = 1e-4;

    [Theory]
    [InlineData(16, 10, 2, 2, 1)]
    [InlineData(64, 50, 2, 1, 2)]
    [InlineData(32, 12, 1, 4, 3)]
    public void Encode_RandomSequences_MatchesNaiveReferenceWithin1e4(int dim, int maxLength, int blocks, int heads, int seed)
    {
        var builder = new ModelWeightsBuilder().WithShape(dim, maxLength, blocks, heads, queryBuckets: 64).WithItems(60, 7).WithSeed(seed);
        var weights = builder.BuildWeights();
        var model = ServingModel.Load(weights);
        var reference = new NaiveReferenceModel(weights);
        var random = new Random(seed);
        var user = new float[dim];
        var sequences = seed == 1 ? 1000 : 200;
        var worst = 0.0;

        for (var n = 0; n < sequences; n++)
        {
            // Lengths 1..L, a quarter of them left-padded like a training batch.
            var length = random.Next(1, maxLength + 1);
            var padding = random.Next(4) == 0 ? random.Next(0, maxLength - length + 1) : 0;
            var rows = new int[padding + length];
            var types = new byte[padding + length];
            for (var j = padding; j < rows.Length; j++)
            {
                rows[j] = random.Next(1, model.Shape.ItemRows);
                types[j] = (byte)random.Next(1, model.Shape.TypeRows);
            }

            model.Session.Encode(rows, types, user);
            var expected = reference.Encode(rows, types);

            for (var i = 0; i < dim; i++)
            {
                worst = Math.Max(worst, Math.Abs(expected[i] - user[i]));
            }
        }

        Assert.True(worst <= Tolerance, $"max |optimized - reference| = {worst:E3} over {sequences} sequences");
    }

    [Fact]
    public void Encode_PaddedAndUnpaddedSameSequence_GiveSameVector()
    {
        var weights = new ModelWeightsBuilder().WithSeed(5).BuildWeights();
        var model = ServingModel.Load(weights);
        var plain = new float[16];
        var padded = new float[16];

        model.Session.Encode([3, 9, 4], [1, 2, 3], plain);
        model.Session.Encode([0, 0, 3, 9, 4], [0, 0, 1, 2, 3], padded);

        Assert.Equal(plain, padded);
        Assert.Contains(plain, v => v != 0f);
    }

    [Fact]
    public void Encode_SequenceLongerThanMaxLength_UsesMostRecentEntries()
    {
        var model = ServingModel.Load(new ModelWeightsBuilder().WithSeed(6).BuildWeights());
        var rows = Enumerable.Range(1, 14).ToArray();
        var types = Enumerable.Repeat((byte)1, 14).ToArray();
        var all = new float[16];
        var last = new float[16];

        model.Session.Encode(rows, types, all);
        model.Session.Encode(rows[^10..], types[^10..], last);

        Assert.Equal(last, all);
    }

    [Fact]
    public void Encode_ItemRowOutOfRange_Throws()
    {
        var model = ServingModel.Load(new ModelWeightsBuilder().BuildWeights());

        Assert.Throws<ArgumentOutOfRangeException>(() => model.Session.Encode([model.Shape.ItemRows], [1], new float[16]));
    }

    [Fact]
    public void QueryEncode_RandomTokens_MatchesNaiveReferenceWithin1e4()
    {
        var weights = new ModelWeightsBuilder().WithSeed(9).BuildWeights();
        var model = ServingModel.Load(weights);
        var reference = new NaiveReferenceModel(weights);
        var random = new Random(9);
        var q = new float[16];

        for (var n = 0; n < 200; n++)
        {
            var tokens = Enumerable.Range(0, random.Next(1, 6)).Select(_ => random.Next(1, reference.QueryBuckets)).ToArray();
            model.Query.Encode(tokens, q);
            var expected = reference.EncodeQuery(tokens);

            for (var i = 0; i < q.Length; i++)
            {
                Assert.True(Math.Abs(expected[i] - q[i]) <= Tolerance, $"dim {i}: {expected[i]} vs {q[i]}");
            }
        }
    }

    [Fact]
    public void Load_ItemMatrix_IsItemPlusCategoryEmbedding()
    {
        var weights = new ModelWeightsBuilder().WithSeed(2).BuildWeights();
        var model = ServingModel.Load(weights);
        var reference = new NaiveReferenceModel(weights);

        for (var r = 0; r < model.Shape.ItemRows; r++)
        {
            var expected = reference.Item(r);
            var actual = model.ItemVector(r);
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.Equal(expected[i], actual[i], 5);
            }
        }
    }

    [Fact]
    public void Load_IdMapsWithDifferentRowCount_ThrowsInvalidData()
    {
        var weights = new ModelWeightsBuilder().WithItems(50, 5).BuildWeights();

        var error = Assert.Throws<InvalidDataException>(() => ServingModel.Load(weights, ModelWeightsBuilder.SyntheticIdMaps(51, 5)));

        Assert.Contains("item", error.Message);
    }

    [Fact]
    public void Load_MissingTensor_ThrowsNamingIt()
    {
        var builder = new ModelWeightsBuilder();
        var tensors = builder.BuildTensors().Where(t => t.Name != "blocks.1.ffn.fc2.bias").ToList();
        using var stream = new MemoryStream();
        FuncRec.Core.Checkpoints.SafeTensorsFile.Write(stream, tensors, builder.Metadata);

        var error = Assert.Throws<InvalidDataException>(() => ServingModel.Load(stream.ToArray()));

        Assert.Contains("blocks.1.ffn.fc2.bias", error.Message);
    }
}
