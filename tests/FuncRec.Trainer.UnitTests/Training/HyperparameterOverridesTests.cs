using FuncRec.Trainer.Model;
using FuncRec.Trainer.Training;

namespace FuncRec.Trainer.UnitTests.Training;

public sealed class HyperparameterOverridesTests
{
    [Fact]
    public void Apply_PrefixedAndBareKeys_SetsBothOptionClasses()
    {
        var model = new ModelOptions();
        var training = new TrainingOptions();
        HyperparameterOverrides.Apply(model, training, new Dictionary<string, string> { ["Epochs"] = "3", ["Model:Dim"] = "32", ["Training:LearningRate"] = "0.01" });

        Assert.Equal(3, training.Epochs);
        Assert.Equal(32, model.Dim);
        Assert.Equal(0.01, training.LearningRate);
        Assert.Equal("32", HyperparameterOverrides.Describe(model, training)["Model:Dim"]);
    }

    [Fact]
    public void Describe_CooccurrenceWeight_UsesTheKeyServingReads()
    {
        // Serving reads the hybrid score's weight from the manifest under this Core constant; a renamed option would silently turn the term off.
        var training = new TrainingOptions();
        HyperparameterOverrides.Apply(new ModelOptions(), training, new Dictionary<string, string> { ["CooccurrenceWeight"] = "3.5" });

        Assert.Equal("3.5", HyperparameterOverrides.Describe(new ModelOptions(), training)[FuncRec.Core.Checkpoints.ItemCooccurrence.WeightHyperparameter]);
    }

    [Fact]
    public void Apply_UnknownKey_Throws() =>
        Assert.Throws<ArgumentException>(() => HyperparameterOverrides.Apply(new ModelOptions(), new TrainingOptions(), new Dictionary<string, string> { ["Nope"] = "1" }));

    [Theory]
    [InlineData("Dropout", "5")]
    [InlineData("ReplaySampling", "newest")]
    [InlineData("Device", "tpu")]
    public void Apply_ValueOutsideDeclaredRangeOrPattern_ThrowsNamingTheKey(string key, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => HyperparameterOverrides.Apply(new ModelOptions(), new TrainingOptions(), new Dictionary<string, string> { [key] = value }));
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_ReplaySamplingLineage_IsAccepted()
    {
        var training = new TrainingOptions();
        HyperparameterOverrides.Apply(new ModelOptions(), training, new Dictionary<string, string> { ["ReplaySampling"] = TrainingOptions.LineageReplay });
        Assert.Equal("lineage", training.ReplaySampling);
    }
}
