namespace ParityBuild.Core.Findings;

// Migration safety rules (PARITY4xxx): what a new script would do to a live database. All are warnings, so that each
// can be silenced with NoWarn or made an error with WarningsAsErrors, per code, by MSBuild itself.
public static partial class Diagnostics
{
    public static readonly Diagnostic RuleSuppressionMalformed = new(
        "PARITY4000", Severity.Warning, "A parity:ignore comment is malformed",
        "This parity:ignore comment {0}, so it silences nothing. Write '-- parity:ignore PARITY4xxx why it is safe here' before the statement it is about.");

    public static readonly Diagnostic IndexWithoutConcurrently = new(
        "PARITY4001", Severity.Warning, "CREATE INDEX without CONCURRENTLY on an existing table",
        "CREATE INDEX on the existing table {0} without CONCURRENTLY blocks every write to it until the index is built. Use CREATE INDEX CONCURRENTLY, in a script of its own that runs outside a transaction.");

    public static readonly Diagnostic ConcurrentlyInTransaction = new(
        "PARITY4002", Severity.Warning, "A statement PostgreSQL refuses inside a transaction block (CONCURRENTLY, VACUUM, …)",
        "{0} inside a transaction block (the BEGIN on line {1}) fails: PostgreSQL refuses it there. Move it out of BEGIN … COMMIT, into a script of its own that the migration tool runs outside a transaction.");

    public static readonly Diagnostic ConstraintWithoutNotValid = new(
        "PARITY4003", Severity.Warning, "A FOREIGN KEY or CHECK constraint added without NOT VALID",
        "Adding a {0} constraint to the existing table {1} without NOT VALID checks every row while blocking writes to it. Add it NOT VALID, then run ALTER TABLE {1} VALIDATE CONSTRAINT … in a later statement, which lets writes through.");

    public static readonly Diagnostic SetNotNull = new(
        "PARITY4004", Severity.Warning, "SET NOT NULL on an existing column",
        "SET NOT NULL on the existing column {0}.{1} scans the whole table under an ACCESS EXCLUSIVE lock. Add CHECK ({1} IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT it, then SET NOT NULL (PostgreSQL 12 and later skip the scan) and drop the check.");

    public static readonly Diagnostic ColumnTypeChange = new(
        "PARITY4005", Severity.Warning, "ALTER COLUMN … TYPE on an existing table",
        "Changing the type of {0}.{1} rewrites the table and its indexes under an ACCESS EXCLUSIVE lock. Add a column of the new type, backfill it in batches, move readers and writers over, then drop the old column (expand/contract).");

    public static readonly Diagnostic VolatileDefault = new(
        "PARITY4006", Severity.Warning, "A column added with a volatile default",
        "Adding {0}.{1} with {2} rewrites the whole table under an ACCESS EXCLUSIVE lock (a volatile value is computed for every row). Add the column without it, then SET DEFAULT for new rows and backfill existing rows in batches.");

    public static readonly Diagnostic ConstraintWithoutIndex = new(
        "PARITY4007", Severity.Warning, "ADD PRIMARY KEY or UNIQUE without an existing index",
        "Adding a {0} constraint to the existing table {1} builds its index under an ACCESS EXCLUSIVE lock. Build a unique index with CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT … {0} USING INDEX.");

    public static readonly Diagnostic BreakingChange = new(
        "PARITY4008", Severity.Warning, "A column or table that the previous release may still read is renamed or dropped",
        "{0}: the previous release keeps running during the deploy and may still read it, and fails when it is gone. Expand/contract: first ship code that no longer uses it (for a rename, add the new name and write both), then {1} in a later release.");

    public static readonly Diagnostic NoLockTimeout = new(
        "PARITY4009", Severity.Warning, "An ACCESS EXCLUSIVE lock taken without lock_timeout",
        "{0} takes an ACCESS EXCLUSIVE lock on {1}, and the script sets no lock_timeout before it: queued behind a long query, it blocks every read and write of the table while it waits. Start the script with SET lock_timeout = '5s' (and retry the migration when it times out).");

    public static readonly Diagnostic CreateWithoutIfNotExists = new(
        "PARITY4010", Severity.Warning, "CREATE TABLE, CREATE INDEX or ADD COLUMN without IF NOT EXISTS",
        "{0} without IF NOT EXISTS fails when the script is run again after a partial failure. Write {1}.");

    public static readonly Diagnostic DropWithoutIfExists = new(
        "PARITY4011", Severity.Warning, "DROP without IF EXISTS",
        "{0} without IF EXISTS fails when the script is run again after a partial failure. Write {1}.");

    public static readonly Diagnostic DataAndSchemaMixed = new(
        "PARITY4012", Severity.Warning, "A versioned script mixes data changes with schema changes",
        "This script changes data ({0}) and the schema ({1}, line {2}) together: {3} Put data changes (backfills, seeds of existing tables) in versioned scripts of their own.");

    public static readonly Diagnostic AlterWithoutAlgorithm = new(
        "PARITY4013", Severity.Warning, "A MySQL ALTER without ALGORITHM and LOCK where an online one is possible",
        "{0} on the existing table {1} can run {2}, but names no ALGORITHM: when it cannot, MySQL silently falls back to copying the table and blocking writes. Add {3} so that it fails instead of locking.");

    public static readonly Diagnostic RuleSettingInvalid = new(
        "PARITY4014", Severity.Error, "The safety rules are misconfigured",
        "The safety rules are misconfigured: {0} is '{1}'; expected {2}.");

    public static readonly Diagnostic RulesBaseUnreadable = new(
        "PARITY4015", Severity.Warning, "The safety rules' base branch cannot be read",
        "The safety rules could not read the manifest at ParityRulesBase '{0}' ({1}), so they checked only the scripts that are new to the manifest in this checkout. On CI, fetch the base branch (GitHub Actions: actions/checkout with fetch-depth: 0), or set ParityRulesBase to a ref that exists.");

    // SQL Server (T-SQL), read with Microsoft's own parser. PARITY4008, 4010, 4011 and 4012 apply there too, with T-SQL's advice.
    public static readonly Diagnostic IndexNotOnline = new(
        "PARITY4016", Severity.Warning, "An index built on an existing table without ONLINE = ON (SQL Server)",
        "{0} on the existing table {1} without ONLINE = ON blocks writes to it (a clustered index: reads too) until the index is built. Add WITH (ONLINE = ON) (Enterprise and Developer editions, Azure SQL; elsewhere schedule it for a quiet hour, and say so with a parity:ignore).");

    public static readonly Diagnostic NotNullColumnWithoutDefault = new(
        "PARITY4017", Severity.Warning, "A NOT NULL column added without a default to an existing table (SQL Server)",
        "Adding {0} NOT NULL without a DEFAULT to the existing table {1} fails as soon as the table has a row. Add it NULL and backfill it in batches, or give it a constant DEFAULT (then SQL Server 2012 and later add it without touching the rows, on Enterprise edition and Azure SQL).");

    public static readonly Diagnostic AlterColumn = new(
        "PARITY4018", Severity.Warning, "ALTER COLUMN on an existing table (SQL Server)",
        "ALTER COLUMN {0} on the existing table {1} can rewrite every row under a schema-modification lock, which blocks every read and write of the table (only a few changes, such as making a varchar longer, are metadata-only). Add a column of the new type, backfill it in batches, move readers and writers over, then drop the old column (expand/contract).");

    public static readonly Diagnostic ConstraintWithCheck = new(
        "PARITY4019", Severity.Warning, "A FOREIGN KEY or CHECK constraint added WITH CHECK to an existing table (SQL Server)",
        "Adding the {0} constraint {2} to the existing table {1} checks every row (WITH CHECK is the default) while blocking writes to it. Add it WITH NOCHECK, then validate it with ALTER TABLE {1} WITH CHECK CHECK CONSTRAINT {2} in a quiet hour; until then the optimizer does not trust it.");

    public static readonly Diagnostic NoSqlServerLockTimeout = new(
        "PARITY4020", Severity.Warning, "A schema change on an existing table without SET LOCK_TIMEOUT (SQL Server)",
        "{0} takes a schema-modification lock on {1}, and the script sets no LOCK_TIMEOUT before it: queued behind a long query, it blocks every read and write of the table while it waits. Start the script with SET LOCK_TIMEOUT 5000 (milliseconds; retry the migration when it times out).");

    private static IReadOnlyList<Diagnostic> RuleDiagnostics =>
    [
        RuleSuppressionMalformed, IndexWithoutConcurrently, ConcurrentlyInTransaction, ConstraintWithoutNotValid, SetNotNull,
        ColumnTypeChange, VolatileDefault, ConstraintWithoutIndex, BreakingChange, NoLockTimeout, CreateWithoutIfNotExists,
        DropWithoutIfExists, DataAndSchemaMixed, AlterWithoutAlgorithm, RuleSettingInvalid, RulesBaseUnreadable,
        IndexNotOnline, NotNullColumnWithoutDefault, AlterColumn, ConstraintWithCheck, NoSqlServerLockTimeout,
    ];
}
