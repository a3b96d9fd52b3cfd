namespace FuncRec.Trainer.Checkpoints;

/// <summary>Checkpoint files under a local folder, with the same relative paths as in blob storage.</summary>
public sealed class DirectoryCheckpointStorage : ICheckpointStorage
{
    private readonly string _root;

    /// <summary>Uses <paramref name="root"/> (created on first write).</summary>
    public DirectoryCheckpointStorage(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        _root = Path.GetFullPath(root);
    }

    /// <inheritdoc />
    public async Task WriteAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        var full = Resolve(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);

        // Write then rename, so an interrupted run never leaves a half-written file under the final name.
        var temp = full + ".tmp";
        await File.WriteAllBytesAsync(temp, content, cancellationToken).ConfigureAwait(false);
        File.Move(temp, full, overwrite: true);
    }

    /// <inheritdoc />
    public async Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var full = Resolve(path);
        return File.Exists(full) ? await File.ReadAllBytesAsync(full, cancellationToken).ConfigureAwait(false) : null;
    }

    private string Resolve(string path)
    {
        var full = Path.GetFullPath(Path.Combine(_root, path));
        return full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? full
            : throw new ArgumentException($"'{path}' escapes the checkpoint folder.", nameof(path));
    }
}
