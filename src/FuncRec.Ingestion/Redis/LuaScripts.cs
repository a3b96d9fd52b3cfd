namespace FuncRec.Ingestion.Redis;

/// <summary>The feature-store Lua scripts, embedded next to this type.</summary>
internal static class LuaScripts
{
    public static string ApplyBehavior { get; } = Load("apply_behavior");

    public static string ApplyCatalog { get; } = Load("apply_catalog");

    public static string LookupLeaf { get; } = Load("lookup_leaf");

    private static string Load(string name)
    {
        using var stream = typeof(LuaScripts).Assembly.GetManifestResourceStream($"FuncRec.Ingestion.Redis.{name}.lua")
            ?? throw new InvalidOperationException($"Embedded script {name}.lua is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
