using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace LiubeiSim.Grains.Storage;

/// <summary>
/// Grain storage in one SQLite file, <see cref="DatabaseFileName"/> in a <see cref="DataDirectory"/>: the durable store of a
/// single-host silo, which needs nothing installed. One row per (state name, grain id) holds an ETag and the state as
/// bytes of the given serializer. Concurrency is optimistic, as in Orleans' own providers: a write or clear whose ETag
/// is not the stored one fails with <see cref="InconsistentStateException"/>, and a null ETag means "no row yet".
/// </summary>
/// <remarks>
/// The silo lifecycle opens it (locking the directory, creating the schema) and closes it; <see cref="Open"/> and
/// <see cref="Dispose"/> do the same outside a silo. All statements go through one connection, one at a time and off the
/// caller's thread: the state a silo writes (a run's request, status and result) is small in count, and SQLite takes one
/// writer at a time anyway.
/// </remarks>
public sealed partial class SqliteGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    public const string DatabaseFileName = "liubeisim.db";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS grain_state (
            state_name TEXT NOT NULL,
            grain_id   TEXT NOT NULL,
            etag       TEXT NOT NULL,
            payload    BLOB NOT NULL,
            PRIMARY KEY (state_name, grain_id)
        );
        """;

    private readonly string _name;
    private readonly string _configuredDirectory;
    private readonly IGrainStorageSerializer _serializer;
    private readonly IActivatorProvider _activators;
    private readonly ILogger<SqliteGrainStorage> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DataDirectory? _directory;
    private SqliteConnection? _connection;

    /// <param name="name">The provider's name, for messages.</param>
    /// <param name="directory">The data directory; empty for <see cref="DataDirectory.DefaultPath"/>, resolved when opened.</param>
    /// <param name="serializer">Turns states into bytes and back (the silo's Orleans binary serializer).</param>
    /// <param name="activators">Creates the empty state of a grain that has none stored, as Orleans' storage bridge does.</param>
    /// <param name="logger">Says where the store is.</param>
    public SqliteGrainStorage(string name, string directory, IGrainStorageSerializer serializer, IActivatorProvider activators, ILogger<SqliteGrainStorage> logger)
    {
        _name = name;
        _configuredDirectory = directory;
        _serializer = serializer;
        _activators = activators;
        _logger = logger;
    }

    /// <summary>The full path of the database file once open.</summary>
    public string? DatabasePath { get; private set; }

    public void Participate(ISiloLifecycle lifecycle) =>
        // The first stage up and the last one down: grains write their state while deactivating, at later stages.
        lifecycle.Subscribe(
            $"{nameof(SqliteGrainStorage)}-{_name}",
            ServiceLifecycleStage.RuntimeInitialize,
            _ => Task.Run(Open),
            _ =>
            {
                Dispose();
                return Task.CompletedTask;
            });

    /// <summary>Locks the data directory, opens the database (creating it and its table if needed) and switches it to WAL.</summary>
    /// <exception cref="DataDirectoryException">The directory is in use by another process, or cannot be created or written.</exception>
    public void Open()
    {
        _gate.Wait();
        try
        {
            if (_connection is not null)
            {
                return;
            }

            var directory = DataDirectory.Lock(DataDirectory.Resolve(_configuredDirectory));
            try
            {
                var path = Path.Combine(directory.Path, DatabaseFileName);
                var connection = new SqliteConnection(new SqliteConnectionStringBuilder
                {
                    DataSource = path,
                    Mode = SqliteOpenMode.ReadWriteCreate,

                    // One connection for the silo's lifetime: a pooled one would keep the file open after the silo stops.
                    Pooling = false,
                }.ToString());
                try
                {
                    connection.Open();

                    // WAL: a commit only appends to the log, and a reader (sqlite3 on the file) never blocks the silo.
                    // synchronous=FULL syncs the log at every commit, so a write that has returned survives a power cut as
                    // well as a crash (NORMAL, WAL's usual partner, only survives a crash of the process). The state kept
                    // here (a run's request, status, progress and result) is written seldom, so an fsync per write is cheap.
                    if (Execute(connection, "PRAGMA journal_mode=WAL;") is not "wal")
                    {
                        throw new DataDirectoryException($"SQLite cannot keep a write-ahead log for {path}; give a data directory on a local disk with --data DIR (the setting Orleans:Data)");
                    }

                    Execute(connection, "PRAGMA synchronous=FULL;");
                    Execute(connection, Schema);
                }
                catch
                {
                    connection.Dispose();
                    throw;
                }

                _connection = connection;
                _directory = directory;
                DatabasePath = path;
            }
            catch
            {
                directory.Dispose();
                throw;
            }

            LogOpened(_logger, _name, DatabasePath);
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WithConnection(connection =>
        {
            using var command = Command(connection, "SELECT etag, payload FROM grain_state WHERE state_name = $state AND grain_id = $grain;", stateName, grainId);
            using var reader = command.ExecuteReader();
            if (reader.Read())
            {
                grainState.State = _serializer.Deserialize<T>(new BinaryData(reader.GetFieldValue<byte[]>(1)));
                grainState.ETag = reader.GetString(0);
                grainState.RecordExists = true;
            }
            else
            {
                grainState.State = _activators.GetActivator<T>().Create();
                grainState.ETag = null;
                grainState.RecordExists = false;
            }
        });

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        // Serialized here, on the grain's turn: the grain may change its state while the write waits for the connection.
        var payload = _serializer.Serialize(grainState.State).ToArray();
        return WithConnection(connection =>
        {
            var etag = Guid.NewGuid().ToString("N");

            // One statement each, so the ETag check and the write are one atomic step: an insert only where no row is, an
            // update only of the row with the grain's ETag.
            using var command = Command(
                connection,
                grainState.ETag is null
                    ? "INSERT INTO grain_state (state_name, grain_id, etag, payload) VALUES ($state, $grain, $etag, $payload) ON CONFLICT DO NOTHING;"
                    : "UPDATE grain_state SET etag = $etag, payload = $payload WHERE state_name = $state AND grain_id = $grain AND etag = $expected;",
                stateName,
                grainId);
            command.Parameters.AddWithValue("$etag", etag);
            command.Parameters.Add("$payload", SqliteType.Blob).Value = payload;
            if (grainState.ETag is not null)
            {
                command.Parameters.AddWithValue("$expected", grainState.ETag);
            }

            if (command.ExecuteNonQuery() != 1)
            {
                throw Conflict(connection, nameof(WriteStateAsync), stateName, grainId, grainState.ETag);
            }

            grainState.ETag = etag;
            grainState.RecordExists = true;
        });
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WithConnection(connection =>
        {
            if (grainState.ETag is null)
            {
                // Nothing to delete where the grain believes there is no row; a row there is someone else's write.
                if (StoredETag(connection, stateName, grainId) is not null)
                {
                    throw Conflict(connection, nameof(ClearStateAsync), stateName, grainId, grainState.ETag);
                }
            }
            else
            {
                using var command = Command(connection, "DELETE FROM grain_state WHERE state_name = $state AND grain_id = $grain AND etag = $expected;", stateName, grainId);
                command.Parameters.AddWithValue("$expected", grainState.ETag);
                if (command.ExecuteNonQuery() != 1)
                {
                    throw Conflict(connection, nameof(ClearStateAsync), stateName, grainId, grainState.ETag);
                }
            }

            grainState.ETag = null;
            grainState.RecordExists = false;
        });

    /// <summary>
    /// Closes the database (SQLite folds the WAL back into it) and releases the data directory. Safe to repeat: the silo's
    /// stop and the container's disposal both call it.
    /// </summary>
    public void Dispose()
    {
        _gate.Wait();
        try
        {
            _connection?.Dispose();
            _connection = null;
            _directory?.Dispose();
            _directory = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task WithConnection(Action<SqliteConnection> work)
    {
        await _gate.WaitAsync();
        try
        {
            var connection = _connection ?? throw new InvalidOperationException(
                $"The grain storage '{_name}' is not open: it opens when the silo starts and closes when it stops.");

            // Microsoft.Data.Sqlite's async methods run synchronously; a thread-pool thread keeps the grain scheduler free.
            await Task.Run(() => work(connection));
        }
        finally
        {
            _gate.Release();
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, string stateName, GrainId grainId)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$state", stateName);
        command.Parameters.AddWithValue("$grain", grainId.ToString());
        return command;
    }

    private static string? StoredETag(SqliteConnection connection, string stateName, GrainId grainId)
    {
        using var command = Command(connection, "SELECT etag FROM grain_state WHERE state_name = $state AND grain_id = $grain;", stateName, grainId);
        return command.ExecuteScalar() as string;
    }

    private InconsistentStateException Conflict(SqliteConnection connection, string operation, string stateName, GrainId grainId, string? expected)
    {
        var stored = StoredETag(connection, stateName, grainId);
        return new InconsistentStateException(
            $"Version conflict ({operation}): provider {_name}, state {stateName}, grain {grainId}: the grain has ETag " +
            $"{expected ?? "none (no stored state)"} but the store has {stored ?? "no state"}.",
            stored ?? "none",
            expected ?? "none");
    }

    private static object? Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Grain storage {Name} keeps grain state in {Path}")]
    private static partial void LogOpened(ILogger logger, string name, string? path);
}
