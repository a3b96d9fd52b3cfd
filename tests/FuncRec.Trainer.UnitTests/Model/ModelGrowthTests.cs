using FuncRec.Core.Checkpoints;
using FuncRec.Trainer.Model;
using static TorchSharp.torch;

namespace FuncRec.Trainer.UnitTests.Model;

public sealed class ModelGrowthTests
{
    private static (SessionRecModel Model, ModelIdMaps Maps) Parent()
    {
        var maps = new ModelIdMaps();
        maps.GetOrAddItem("a", "x");
        maps.GetOrAddItem("b", "x");
        maps.GetOrAddItem("c", "y");
        maps.GetOrAddItem("d");
        random.manual_seed(3);
        var model = new SessionRecModel(new ModelOptions { Dim = 8, MaxLength = 4, Blocks = 1, QueryBuckets = 8 }, maps.ItemRows, maps.CategoryRows);
        model.SetItemCategories(ModelGrowth.CategoryRows(maps));
        return (model, maps);
    }

    [Fact]
    public void Grow_NewItems_KeepsEveryParentTensorRowBitForBit()
    {
        var (parent, maps) = Parent();
        using var _ = parent;
        var child = maps.Clone();
        child.GetOrAddItem("e", "x");
        child.GetOrAddItem("f", "z");
        using var grown = ModelGrowth.Grow(parent, maps, child, 0.0);

        Assert.Equal(7, grown.ItemRows);
        Assert.Equal(4, grown.CategoryRows);
        var parentState = parent.state_dict();
        foreach (var (name, value) in grown.state_dict())
        {
            var old = parentState[name];
            Assert.True(value.narrow(0, 0, old.shape[0]).eq(old).all().item<bool>(), name);
        }
    }

    [Fact]
    public void Grow_NewItemWithKnownCategory_StartsAtCategoryMean()
    {
        var (parent, maps) = Parent();
        using var _ = parent;
        var child = maps.Clone();
        child.GetOrAddItem("e", "x");
        child.GetOrAddItem("g");
        using var grown = ModelGrowth.Grow(parent, maps, child, 0.0);
        using var __ = no_grad();
        using var mean = (parent.ItemEmbedding[1] + parent.ItemEmbedding[2]) / 2;

        Assert.True(grown.ItemEmbedding[5].allclose(mean, rtol: 0, atol: 1e-6));
        Assert.Equal(1L, grown.state_dict()["item_category"][5].item<long>());

        // No category: a small random vector, well below the trained rows' scale.
        Assert.True(grown.ItemEmbedding[6].norm().item<float>() < parent.ItemEmbedding[1].norm().item<float>());
        Assert.True(grown.ItemEmbedding[6].abs().sum().item<float>() > 0);
    }

    [Fact]
    public void Grow_MapsThatDoNotExtendParent_Throws()
    {
        var (parent, maps) = Parent();
        using var _ = parent;
        var other = new ModelIdMaps();
        other.GetOrAddItem("zz");
        Assert.Throws<InvalidOperationException>(() => ModelGrowth.Grow(parent, maps, other, 0.0));
    }
}
