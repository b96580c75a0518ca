using ParityBuild.Replica.Schema;
using ParityBuild.Replica.Tests.Support;

namespace ParityBuild.Replica.Tests.Schema;

/// <summary>
/// Objects whose names, defaults and file names hold SQL after a line break: the repair files ParityBuild writes for
/// them are run as a DBA runs them, with the real psql or mariadb client, and only what they are meant to do happens.
/// </summary>
public abstract partial class SchemaServerTests
{
    private const string Payload = "\nDROP TABLE victim; --";

    [TestMethod]
    public async Task Names_and_defaults_that_hold_sql_stay_data_when_the_schema_repair_is_run_with_the_real_client()
    {
        await using var source = await TestDatabase.CreateAsync(Provider);
        await using var replica = await TestDatabase.CreateAsync(Provider);
        using var project = new TestProject();
        var pg = source.IsPostgres;

        // psql runs a meta-command after a carriage return (which ends a comment there); the mysql client after a line feed.
        var shell = pg ? "sh\r\\! touch pwned\r--" : "sh\n\\! touch pwned\n#";

        // A backslash before a quote ends a literal early wherever backslashes escape (standard_conforming_strings off).
        var value = "x\\'; DROP TABLE victim; --" + Payload;
        var common = HistoryDdl.Flyway(source) + "CREATE TABLE victim (id int PRIMARY KEY); CREATE TABLE base (id int PRIMARY KEY, note varchar(100) DEFAULT 'plain');\n";

        // In the snapshot only: created by the repair. Different: dropped and created again, or given the default back.
        await source.ExecuteAsync(common + $"""
            CREATE TABLE {Q(source, "gone" + Payload)} ({Q(source, "c" + Payload)} varchar(100) NOT NULL DEFAULT {L(source, value)}, CONSTRAINT {Q(source, "pk" + Payload)} PRIMARY KEY ({Q(source, "c" + Payload)}));
            CREATE TABLE {Q(source, "m" + shell)} (id int);
            ALTER TABLE base ALTER COLUMN note SET DEFAULT {L(source, value)};
            CREATE INDEX {Q(source, "idx2" + Payload)} ON base (note);
            CREATE VIEW {Q(source, "view2" + Payload)} AS SELECT id, {L(source, value)} AS {Q(source, "a" + Payload)} FROM base;
            """);

        // $ is a letter of MySQL's names: the DELIMITER the mysql client is given for a body must be one it does not hold.
        // information_schema prints a trigger's body with its literals' escapes undone, so that the second one reads as
        // three statements: it is left out of the repair.
        if (!pg)
        {
            await source.ExecuteAsync($"CREATE TRIGGER {Q(source, "trg2" + Payload)} BEFORE UPDATE ON base FOR EACH ROW BEGIN DECLARE a$$ INT DEFAULT 1; SET NEW.note = 'y'; END");
            await source.ExecuteAsync($"CREATE TRIGGER {Q(source, "trg3" + Payload)} BEFORE INSERT ON base FOR EACH ROW SET NEW.note = {L(source, value)}");
        }

        // On the replica only: a DROP each, commented out.
        await replica.ExecuteAsync(HistoryDdl.Flyway(replica) + common[HistoryDdl.Flyway(source).Length..] + $"""
            CREATE INDEX {Q(replica, "idx2" + Payload)} ON base (id);
            CREATE VIEW {Q(replica, "view2" + Payload)} AS SELECT id FROM base;
            CREATE TABLE {Q(replica, "evil" + Payload)} (id int);
            CREATE TABLE {Q(replica, shell)} (id int);
            CREATE INDEX {Q(replica, "idx" + Payload)} ON base (note);
            CREATE VIEW {Q(replica, "view" + Payload)} AS SELECT id FROM base;
            ALTER TABLE base ADD CONSTRAINT {Q(replica, "chk" + Payload)} CHECK (id > 0);
            ALTER TABLE base ADD COLUMN {Q(replica, "col" + Payload)} text;
            """);
        await replica.ExecuteAsync(pg
            ? $"""
              CREATE FUNCTION {Q(replica, "fn" + Payload)}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
              CREATE TRIGGER {Q(replica, "trg" + Payload)} BEFORE INSERT ON base FOR EACH ROW EXECUTE FUNCTION {Q(replica, "fn" + Payload)}();
              """
            : $"CREATE TRIGGER {Q(replica, "trg" + Payload)} BEFORE INSERT ON base FOR EACH ROW SET NEW.note = 'x';");
        var snapshot = await CaptureAsync(source, project);

        var result = await CheckAsync(replica, project, snapshot);

        var repair = result.Repairs.Single(file => file.Name == SchemaCheck.SchemaRepairFile).Text;
        var run = await RunAsync(replica, project, "schema-repair.sql", repair);
        await AssertUntouchedAsync(replica, project, run);
        Assert.AreEqual(0, run.ExitCode, $"{run}\n{repair}");

        // Created and restored; what is left is what the repair leaves to the reader: the unexpected objects (and the
        // trigger whose body it could not write).
        var repaired = await CheckAsync(replica, project, snapshot);
        Assert.AreEqual(pg ? 8 : 7, repaired.Findings.Count(finding => finding.Code == "PARITY3002"), string.Join("\n", repaired.Findings));
        Assert.AreEqual(pg ? 0 : 1, repaired.Findings.Count(finding => finding.Code == "PARITY3001"), string.Join("\n", repaired.Findings));
        Assert.AreEqual(8, repaired.Findings.Count, string.Join("\n", repaired.Findings));

        // A reader who uncomments the drops removes exactly those objects (PostgreSQL names them exactly with U&"…"; a
        // MySQL name with a line break cannot be commented out, so its statement is left out, and says so).
        var drops = string.Join('\n', repair.Split('\n').Where(line => line.StartsWith("-- DROP ", StringComparison.Ordinal) || line.StartsWith("-- ALTER TABLE ", StringComparison.Ordinal)).Select(line => line[3..]));
        var dropped = await RunAsync(replica, project, "drops.sql", drops + "\n");
        await AssertUntouchedAsync(replica, project, dropped);
        Assert.AreEqual(0, dropped.ExitCode, $"{dropped}\n{drops}");
        var clean = await CheckAsync(replica, project, snapshot);
        if (pg)
        {
            Assert.AreEqual(0, clean.Findings.Count, string.Join("\n", clean.Findings));
        }
        else
        {
            Assert.AreEqual(8, repair.Split('\n').Count(line => line.Contains("is left out", StringComparison.Ordinal)), repair);
            Assert.AreEqual(8, clean.Findings.Count, string.Join("\n", clean.Findings));
        }

        Assert.IsTrue(result.Findings.All(finding => !finding.Message.Any(char.IsControl)), $"One line per finding:\n{string.Join("\n", result.Findings)}");
    }

    [TestMethod]
    public async Task A_history_row_and_a_script_path_that_hold_sql_are_recorded_exactly_when_the_history_repair_is_run_with_the_real_client()
    {
        await using var db = await TestDatabase.CreateAsync(Provider);
        const string Init = "CREATE TABLE victim (id int PRIMARY KEY);\n";
        const string Hostile = "V2__it's\\" + Payload + ".sql";
        using var project = new TestProject().Script("Migrations/V1__init.sql", Init).Script($"Migrations/evil{Payload}/{Hostile}", "SELECT 1;\n");
        await db.ExecuteAsync(HistoryDdl.Flyway(db) + Init + HistoryDdl.FlywayRow(1, "1", "init", "SQL", "V1__init.sql", TestProject.Flyway(Init)));
        var snapshot = await CaptureAsync(db, project);

        // While the schema differs, the row is written commented out: running the file records nothing.
        await db.ExecuteAsync("CREATE TABLE scratch (id int)");
        var differs = await CheckAsync(db, project, snapshot);
        var commented = differs.Repairs.Single(file => file.Name == SchemaCheck.HistoryRepairFile).Text;
        var run = await RunAsync(db, project, "history-repair.sql", commented);
        await AssertUntouchedAsync(db, project, run);
        Assert.AreEqual(0, run.ExitCode, $"{run}\n{commented}");
        Assert.AreEqual(1L, Convert.ToInt64(await db.ScalarAsync("SELECT COUNT(*) FROM flyway_schema_history"), System.Globalization.CultureInfo.InvariantCulture), commented);

        // Once it matches, the row is written to run: it holds the file's own name and description, and the check is clean.
        await db.ExecuteAsync("DROP TABLE scratch");
        var matches = await CheckAsync(db, project, snapshot);
        var insert = matches.Repairs.Single(file => file.Name == SchemaCheck.HistoryRepairFile).Text;
        run = await RunAsync(db, project, "history-repair.sql", insert);
        await AssertUntouchedAsync(db, project, run);
        Assert.AreEqual(0, run.ExitCode, $"{run}\n{insert}");
        Assert.AreEqual("it's\\" + Payload, await db.ScalarAsync("SELECT description FROM flyway_schema_history WHERE version = '2'"), insert);
        Assert.AreEqual(Hostile, await db.ScalarAsync("SELECT script FROM flyway_schema_history WHERE version = '2'"), insert);
        var clean = await CheckAsync(db, project, snapshot);
        Assert.AreEqual(0, clean.Findings.Count, string.Join("\n", clean.Findings));
        Assert.IsTrue(differs.Findings.All(finding => !finding.Message.Any(char.IsControl)), $"One line per finding:\n{string.Join("\n", differs.Findings)}");
    }

    private static string Q(TestDatabase db, string name) =>
        db.IsPostgres ? "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";

    private static string L(TestDatabase db, string value) =>
        "'" + (db.IsPostgres ? value : value.Replace("\\", "\\\\", StringComparison.Ordinal)).Replace("'", "''", StringComparison.Ordinal) + "'";

    // PostgreSQL's session as a DBA may have it: standard_conforming_strings off, where a backslash escapes a quote.
    private static Task<SqlClient.Run> RunAsync(TestDatabase db, TestProject project, string name, string text)
    {
        var path = Path.Combine(project.Directory, name);
        File.WriteAllText(path, text);
        return SqlClient.RunFileAsync(db, path, project.Directory, db.IsPostgres ? "-c standard_conforming_strings=off" : null);
    }

    // The victim table is there, and no client ran a shell command.
    private static async Task AssertUntouchedAsync(TestDatabase db, TestProject project, SqlClient.Run run)
    {
        var victim = await db.ScalarAsync(db.IsPostgres
            ? "SELECT COUNT(*) FROM pg_class WHERE relname = 'victim' AND relnamespace = 'public'::regnamespace"
            : "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'victim'");
        Assert.AreEqual(1L, Convert.ToInt64(victim, System.Globalization.CultureInfo.InvariantCulture), $"The table victim was dropped.\n{run}");
        Assert.IsFalse(File.Exists(Path.Combine(project.Directory, "pwned")), $"A client ran a shell command from the file.\n{run}");
    }
}
