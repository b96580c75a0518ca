using System.Data;
using System.Diagnostics;
using System.Globalization;
using DbUp.Engine;
using DbUp.Engine.Output;
using DbUp.Engine.Transactions;

namespace ParityBuild.DbUp;

/// <summary>
/// A DbUp journal that records, for every script DbUp runs, its name, ParityBuild's checksum (the manifest's
/// normalized SHA-256), the Flyway-style version its name carries, when it was applied (UTC) and how long it took, in
/// a table <c>parity_journal</c>. ParityBuild's replica check reads that table, so a script edited after it was
/// applied fails the build (DbUp itself records names only and never notices).
/// </summary>
/// <remarks>
/// Adoption: on a database DbUp already deployed with its own <c>schemaversions</c> table, the scripts named there stay
/// applied (<see cref="GetExecutedScripts"/> returns both tables' names, and their rows are copied into the journal,
/// without a checksum, when it is created); <see cref="BackfillChecksums"/> fills those checksums in from the current
/// scripts, once, on request. Follows DbUp's <c>TableJournal</c> contract: the table is created on first write, inside
/// the command factory (and so the transaction) DbUp runs the script in.
/// </remarks>
public sealed class ParityJournal : IJournal
{
    /// <summary>The journal table's default name, the one ParityBuild's replica check looks for.</summary>
    public const string DefaultTable = "parity_journal";

    /// <summary>The table DbUp's own journal writes by default.</summary>
    public const string DbUpTable = "schemaversions";

    private readonly Func<IConnectionManager> _connectionManager;
    private readonly Func<IUpgradeLog> _log;
    private readonly TimeProvider _clock;
    private bool _journalExists;
    private JournalDialect? _engine;

    // The script the executor is running and when it started (see TimedScriptExecutor): the journal alone is only told
    // once a script has finished.
    private (string Name, long Started)? _running;

    /// <param name="connectionManager">DbUp's connection manager (as <c>UpgradeConfiguration.ConnectionManager</c>).</param>
    /// <param name="log">DbUp's log.</param>
    /// <param name="schema">The schema of both tables; null for the connection's current schema (or database).</param>
    /// <param name="table">The journal table.</param>
    /// <param name="dbUpTable">DbUp's own journal table, adopted when it exists; null to adopt none.</param>
    /// <param name="clock">The time source (tests); the system clock by default.</param>
    public ParityJournal(
        Func<IConnectionManager> connectionManager,
        Func<IUpgradeLog> log,
        string? schema = null,
        string table = DefaultTable,
        string? dbUpTable = DbUpTable,
        TimeProvider? clock = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        _connectionManager = connectionManager;
        _log = log;
        Schema = string.IsNullOrWhiteSpace(schema) ? null : schema;
        Table = table;
        DbUpTableName = string.IsNullOrWhiteSpace(dbUpTable) ? null : dbUpTable;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>The schema of both tables, or null for the connection's current schema (or database).</summary>
    public string? Schema { get; }

    /// <summary>The journal table.</summary>
    public string Table { get; }

    /// <summary>DbUp's own journal table, adopted when it exists; null when none is adopted.</summary>
    public string? DbUpTableName { get; }

    /// <summary>Every script recorded as applied in the journal or in DbUp's own table (each name once).</summary>
    public string[] GetExecutedScripts() =>
        _connectionManager().ExecuteCommandsWithManagedConnection(commands =>
        {
            var dialect = DialectOf(commands);
            var names = new List<string>();
            if (_journalExists || Exists(commands, dialect, Table))
            {
                _log().LogInformation("Fetching the scripts recorded in {0}.", dialect.Table(Schema, Table));
                names.AddRange(ReadNames(commands, $"SELECT script_name FROM {dialect.Table(Schema, Table)} ORDER BY id"));
            }

            if (DbUpTableName is { } dbUp && Exists(commands, dialect, dbUp))
            {
                names.AddRange(ReadNames(commands, $"SELECT scriptname FROM {dialect.Table(Schema, dbUp)}"));
            }

            return names.Distinct(StringComparer.Ordinal).ToArray();
        });

    /// <summary>Records a script DbUp has just run (or marked as run), in the same command factory and transaction.</summary>
    public void StoreExecutedScript(SqlScript script, Func<IDbCommand> dbCommandFactory)
    {
        EnsureTableExistsAndIsLatestVersion(dbCommandFactory);
        var now = _clock.GetTimestamp();
        long? durationMs = _running is { } current && current.Name == script.Name
            ? (long)_clock.GetElapsedTime(current.Started, now).TotalMilliseconds
            : null;
        _running = null;
        var row = new JournalRow(script.Name, ParityScript.Checksum(script.Contents), ParityScript.Version(script.Name), _clock.GetUtcNow().UtcDateTime, durationMs, JournalRow.Executed);
        Insert(dbCommandFactory, DialectOf(dbCommandFactory), row);
    }

    /// <summary>
    /// Creates the journal table when it does not exist; when DbUp's own table exists then, copies its rows in (without
    /// a checksum, <c>source = 'adopted'</c>) so the journal alone says what is applied.
    /// </summary>
    public void EnsureTableExistsAndIsLatestVersion(Func<IDbCommand> dbCommandFactory)
    {
        if (_journalExists)
        {
            return;
        }

        var dialect = DialectOf(dbCommandFactory);
        if (!Exists(dbCommandFactory, dialect, Table))
        {
            _log().LogInformation("Creating the {0} table.", dialect.Table(Schema, Table));
            Execute(dbCommandFactory, dialect.CreateTable(Schema, Table));
            if (DbUpTableName is { } dbUp && Exists(dbCommandFactory, dialect, dbUp))
            {
                var adopted = ReadRows(dbCommandFactory, $"SELECT scriptname, applied FROM {dialect.Table(Schema, dbUp)} ORDER BY applied", row => (Name: (string)row[0], Applied: row[1]));
                foreach (var (name, applied) in adopted)
                {
                    Insert(dbCommandFactory, dialect, new JournalRow(name, null, ParityScript.Version(name), JournalRow.Utc(applied), null, JournalRow.Adopted));
                }

                _log().LogInformation("Adopted {0} scripts recorded in {1}; call BackfillParityChecksums() to record their checksums.", adopted.Count, dialect.Table(Schema, dbUp));
            }
        }

        _journalExists = true;
    }

    /// <summary>
    /// Records checksums for the journal's rows that have none (the scripts adopted from DbUp's own table), from the
    /// scripts as they are now, matched by exact name. A row that already has a checksum is never changed, so a second
    /// call fills nothing; a row whose script is not among <paramref name="scripts"/> is left without one.
    /// Creates (and adopts into) the journal first when it does not exist yet.
    /// </summary>
    /// <remarks>
    /// The checksum is the current file's, not necessarily the one that ran: backfill only once the scripts are known to
    /// be those that were applied (the replica's schema matches them), or an earlier edit passes unnoticed.
    /// </remarks>
    public ParityBackfillResult BackfillChecksums(IEnumerable<SqlScript> scripts)
    {
        var byName = new Dictionary<string, SqlScript>(StringComparer.Ordinal);
        foreach (var script in scripts)
        {
            byName.TryAdd(script.Name, script);
        }

        return _connectionManager().ExecuteCommandsWithManagedConnection(commands =>
        {
            EnsureTableExistsAndIsLatestVersion(commands);
            var dialect = DialectOf(commands);
            var table = dialect.Table(Schema, Table);
            var missing = ReadNames(commands, $"SELECT script_name FROM {table} WHERE sha256 IS NULL ORDER BY id").Distinct(StringComparer.Ordinal).ToList();
            var filled = new List<string>();
            var withoutScript = new List<string>();
            foreach (var name in missing)
            {
                if (!byName.TryGetValue(name, out var script))
                {
                    withoutScript.Add(name);
                    continue;
                }

                using var command = commands();
                command.CommandText = $"UPDATE {table} SET sha256 = @sha256, version = COALESCE(version, @version), source = @source WHERE script_name = @name AND sha256 IS NULL";
                Parameter(command, "sha256", ParityScript.Checksum(script.Contents));
                Parameter(command, "version", ParityScript.Version(name));
                Parameter(command, "source", JournalRow.Backfilled);
                Parameter(command, "name", name);
                command.ExecuteNonQuery();
                filled.Add(name);
            }

            _log().LogInformation("Backfilled the checksums of {0} scripts in {1}; {2} have no script to take one from.", filled.Count, table, withoutScript.Count);
            return new ParityBackfillResult(filled, withoutScript);
        });
    }

    /// <summary>Called by the executor as a script starts, so the journal can record how long it took.</summary>
    internal void ScriptStarting(SqlScript script) => _running = (script.Name, _clock.GetTimestamp());

    private void Insert(Func<IDbCommand> commands, JournalDialect dialect, JournalRow row)
    {
        using var command = commands();
        command.CommandText = $"INSERT INTO {dialect.Table(Schema, Table)} (script_name, sha256, version, applied_at, duration_ms, source) " +
            "VALUES (@name, @sha256, @version, @applied, @duration, @source)";
        Parameter(command, "name", row.ScriptName);
        Parameter(command, "sha256", row.Sha256);
        Parameter(command, "version", row.Version);
        Parameter(command, "applied", row.AppliedAt);
        Parameter(command, "duration", row.DurationMs);
        Parameter(command, "source", row.Source);
        command.ExecuteNonQuery();
    }

    private bool Exists(Func<IDbCommand> commands, JournalDialect dialect, string table)
    {
        using var command = commands();
        command.CommandText = dialect.TableExists(Schema, table);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    private static void Execute(Func<IDbCommand> commands, string sql)
    {
        using var command = commands();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static List<string> ReadNames(Func<IDbCommand> commands, string sql) => ReadRows(commands, sql, row => (string)row[0]);

    private static List<T> ReadRows<T>(Func<IDbCommand> commands, string sql, Func<object[], T> map)
    {
        using var command = commands();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
            rows.Add(map(values));
        }

        return rows;
    }

    // No DbType: Npgsql takes a UTC DateTime for timestamptz, MySqlConnector for DATETIME, each by the value's type.
    private static void Parameter(IDbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    // The engine is told by a command's connection, once.
    private JournalDialect DialectOf(Func<IDbCommand> commands)
    {
        if (_engine is null)
        {
            using var command = commands();
            _engine = JournalDialect.Of(command);
        }

        return _engine;
    }
}
