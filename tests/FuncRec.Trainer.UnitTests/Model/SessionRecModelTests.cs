using FuncRec.Trainer.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace FuncRec.Trainer.UnitTests.Model;

public sealed class SessionRecModelTests
{
    private static SessionRecModel NewModel(int blocks = 2, int heads = 2)
    {
        random.manual_seed(7);
        var model = new SessionRecModel(new ModelOptions { Dim = 16, MaxLength = 8, Blocks = blocks, Heads = heads, QueryBuckets = 32 }, 12, 4);
        model.SetItemCategories([0, 1, 1, 2, 2, 3, 3, 0, 0, 1, 2, 3]);
        model.eval();
        return model;
    }

    [Fact]
    public void StateDict_Keys_MatchDocsModelMdContract()
    {
        using var model = NewModel(blocks: 2);
        var keys = model.state_dict().Keys.ToList();
        var expected = new List<string> { "item_emb.weight", "cat_emb.weight", "item_category", "pos_emb.weight", "type_emb.weight" };
        for (var b = 0; b < 2; b++)
        {
            expected.AddRange(new[] { "ln1.weight", "ln1.bias", "attn.q.weight", "attn.q.bias", "attn.k.weight", "attn.k.bias", "attn.v.weight", "attn.v.bias", "attn.o.weight", "attn.o.bias", "ln2.weight", "ln2.bias", "ffn.fc1.weight", "ffn.fc1.bias", "ffn.fc2.weight", "ffn.fc2.bias" }
                .Select(k => $"blocks.{b}.{k}"));
        }

        expected.AddRange(["final_ln.weight", "final_ln.bias", "query_emb.weight", "query_proj.weight", "query_proj.bias"]);
        Assert.Equal(expected.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
        var state = model.state_dict();
        Assert.Equal(new long[] { 12, 16 }, state["item_emb.weight"].shape);
        Assert.Equal(new long[] { 4, 16 }, state["cat_emb.weight"].shape);
        Assert.Equal(new long[] { 12 }, state["item_category"].shape);
        Assert.Equal(ScalarType.Int64, state["item_category"].dtype);
        Assert.Equal(new long[] { 8, 16 }, state["pos_emb.weight"].shape);
        Assert.Equal(new long[] { 6, 16 }, state["type_emb.weight"].shape);
        Assert.Equal(new long[] { 32, 16 }, state["query_emb.weight"].shape);
        Assert.Equal(0f, state["item_emb.weight"][0].abs().sum().item<float>());
    }

    [Fact]
    public void EncodeAllPositions_ChangingLaterItem_EarlierPositionsUnchanged()
    {
        using var model = NewModel();
        using var _ = no_grad();
        using var a = tensor(new long[] { 3, 5, 7, 9, 2 }, [1, 5]);
        using var b = tensor(new long[] { 3, 5, 7, 11, 4 }, [1, 5]);
        using var types = ones(1, 5, dtype: ScalarType.Int64);
        using var ha = model.EncodeAllPositions(a, types);
        using var hb = model.EncodeAllPositions(b, types);

        Assert.True(ha.narrow(1, 0, 3).allclose(hb.narrow(1, 0, 3), rtol: 0, atol: 0));
        Assert.False(ha.narrow(1, 3, 1).allclose(hb.narrow(1, 3, 1), rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void Forward_LeftPaddedBatch_SameUserVectorAsUnpadded()
    {
        using var model = NewModel();
        using var _ = no_grad();
        using var alone = tensor(new long[] { 4, 6, 8 }, [1, 3]);
        using var aloneTypes = tensor(new long[] { 1, 2, 1 }, [1, 3]);
        using var padded = tensor(new long[] { 0, 0, 0, 4, 6, 8, 1, 2, 3, 4, 5, 6 }, [2, 6]);
        using var paddedTypes = tensor(new long[] { 0, 0, 0, 1, 2, 1, 1, 1, 1, 1, 1, 1 }, [2, 6]);
        using var u1 = model.forward(alone, aloneTypes);
        using var u2 = model.forward(padded, paddedTypes);

        Assert.Equal(new long[] { 2, 16 }, u2.shape);
        Assert.True(u1[0].allclose(u2[0], rtol: 0, atol: 1e-5));
        Assert.True(u2.isfinite().all().item<bool>());
    }

    [Fact]
    public void Forward_TooLongSequence_Throws()
    {
        using var model = NewModel();
        using var items = ones(1, 9, dtype: ScalarType.Int64);
        Assert.Throws<ArgumentException>(() => model.forward(items, items));
    }

    [Fact]
    public void EncodeQuery_PaddingTokens_DoNotChangeQueryVector()
    {
        using var model = NewModel();
        using var _ = no_grad();
        using var plain = tensor(new long[] { 5, 9 }, [1, 2]);
        using var padded = tensor(new long[] { 5, 0, 9, 0 }, [1, 4]);
        using var q1 = model.EncodeQuery(plain);
        using var q2 = model.EncodeQuery(padded);

        Assert.Equal(new long[] { 1, 16 }, q1.shape);
        Assert.True(q1.allclose(q2, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void ItemVectors_Rows_AddCategoryEmbedding()
    {
        using var model = NewModel();
        using var _ = no_grad();
        using var all = model.ItemVectors();
        using var expected = model.ItemEmbedding[3] + model.CategoryEmbedding[2];

        Assert.True(all[3].allclose(expected, rtol: 0, atol: 0));
    }
}
