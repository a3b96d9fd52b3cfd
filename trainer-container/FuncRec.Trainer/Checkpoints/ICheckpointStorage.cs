namespace FuncRec.Trainer.Checkpoints;

/// <summary>Where checkpoint files live: blob storage in the service, a local folder for offline experiments.</summary>
public interface ICheckpointStorage
{
    /// <summary>Writes (overwriting) the file at <paramref name="path"/> (a <c>CheckpointLayout</c> path).</summary>
    Task WriteAsync(string path, byte[] content, CancellationToken cancellationToken);

    /// <summary>Reads the file, or null when it does not exist.</summary>
    Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken);
}
