using FuncRec.Serving.Model;

namespace FuncRec.Serving.Hosting;

/// <summary>Where handlers get the model version to serve.</summary>
public interface IServingModelSource
{
    /// <summary>
    /// The serving version, or null before the first successful load. Read it once per request and
    /// use that instance throughout, so a request never mixes two versions.
    /// </summary>
    ServingModel? Current { get; }
}

/// <summary>A fixed model (tests, benchmarks, offline evaluation).</summary>
/// <param name="model">The model to serve.</param>
public sealed class FixedModelSource(ServingModel? model) : IServingModelSource
{
    /// <inheritdoc />
    public ServingModel? Current { get; } = model;
}
