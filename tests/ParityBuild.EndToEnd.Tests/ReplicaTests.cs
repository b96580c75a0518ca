using System.IO.Compression;
using System.Text;
using ParityBuild.EndToEnd.Tests.Support;

namespace ParityBuild.EndToEnd.Tests;

[TestClass]
public sealed class ReplicaTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_nightly_replica_build_reports_an_edited_applied_script_ParityStatus_shows_it_and_the_binlog_never_holds_the_password()
    {
        await using var replica = await ReplicaDatabase.CreateAsync();
        var edited = Scripts.AddEmail.Replace("users_email", "users_email_key", StringComparison.Ordinal);
        var consumer = Consumer.Create(TestContext.TestName!)
            .Script("Migrations/V1__create_users.sql", Scripts.CreateUsers)
            .Script("Migrations/V2__add_email.sql", edited);
        // The replica applied V2 before it was edited (and the edit was accepted into the manifest since).
        await replica.ExecuteAsync(Scripts.FlywayHistoryTable + Scripts.FlywayRows(Scripts.CreateUsers, Scripts.AddEmail));
        Assert.IsTrue(consumer.Build().Succeeded, "The first build writes the manifest.");
        var binlog = Path.Combine(consumer.Directory, "replica.binlog");

        var build = consumer.Build(
            new Dictionary<string, string?> { ["PARITY_REPLICA"] = replica.Url },
            "--no-restore", "-p:ParityReplica=true", $"-bl:{binlog}", "-p:ParityReportFile=parity.sarif");

        Assert.IsFalse(build.Succeeded, build.ToString());
        var error = build.WithCode("PARITY2002").Single();
        Assert.AreEqual(consumer.PathOf("Migrations/V2__add_email.sql"), error.File);
        StringAssert.Contains(error.Message, $"records checksum {Crc(Scripts.AddEmail)}, the repository's script has {Crc(edited)}");
        Assert.IsFalse(build.Output.Contains(replica.Password, StringComparison.Ordinal), build.Output);
        var sarif = File.ReadAllText(consumer.PathOf("parity.sarif"));
        StringAssert.Contains(sarif, "\"ruleId\": \"PARITY2002\"", "The replica's findings are in the report.");
        StringAssert.Contains(sarif, "\"uri\": \"Migrations/V2__add_email.sql\"");
        Assert.IsFalse(sarif.Contains(replica.Password, StringComparison.Ordinal) || sarif.Contains(Uri.EscapeDataString(replica.Password), StringComparison.Ordinal));
        StringAssert.Contains(File.ReadAllText(consumer.PathOf("parity.json")), "CHANGED", "The JSON report holds the replica's status table.");

        var compressed = await File.ReadAllBytesAsync(binlog, TestContext.CancellationToken);
        var events = Decompress(compressed);
        StringAssert.Contains(Encoding.UTF8.GetString(events), "PARITY2002", "The decompressed binlog is what MSBuild logged.");
        foreach (var secret in new[] { replica.Password, Uri.EscapeDataString(replica.Password) })
        {
            foreach (var encoding in new Encoding[] { Encoding.UTF8, Encoding.Unicode })
            {
                var bytes = encoding.GetBytes(secret);
                Assert.AreEqual(-1, compressed.AsSpan().IndexOf(bytes), $"The .binlog file holds the password ({encoding.EncodingName}).");
                Assert.AreEqual(-1, events.AsSpan().IndexOf(bytes), $"The decompressed .binlog holds the password ({encoding.EncodingName}).");
            }
        }

        var status = consumer.Build(new Dictionary<string, string?> { ["PARITY_REPLICA"] = replica.Url }, "--no-restore", "-t:ParityStatus", "-p:ParityReplica=true");

        Assert.IsTrue(status.Succeeded, status.ToString());
        var rows = status.Output.Split('\n').Select(line => line.Trim()).ToList();
        Assert.IsTrue(rows.Any(row => row.StartsWith("1 ", StringComparison.Ordinal) && row.Contains("applied", StringComparison.Ordinal)), status.Output);
        Assert.IsTrue(rows.Any(row => row.StartsWith("2 ", StringComparison.Ordinal) && row.Contains("CHANGED", StringComparison.Ordinal) && row.Contains(Crc(Scripts.AddEmail).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)), status.Output);
    }

    [TestMethod]
    public async Task A_postgrator_history_is_compared_with_the_md5_of_each_scripts_bytes_on_CI()
    {
        await using var replica = await ReplicaDatabase.CreateAsync();
        const string users = "CREATE TABLE users (id int);\n";
        const string email = "ALTER TABLE users ADD email text;\n";
        // A Windows checkout: the gate's checksum ignores it, postgrator's md5 of the raw bytes does not.
        var consumer = Consumer.Create(TestContext.TestName!)
            .Script("Migrations/001.do.users.sql", users)
            .Script("Migrations/001.undo.users.sql", "DROP TABLE users;\n")
            .Script("Migrations/002.do.email.sql", email.Replace("\n", "\r\n", StringComparison.Ordinal));
        // postgrator's schemaversion as its lib/commonClient.js ensureTable creates it, with the rows it wrote for the LF scripts.
        await replica.ExecuteAsync($"""
            CREATE TABLE schemaversion (version BIGINT PRIMARY KEY); INSERT INTO schemaversion (version) VALUES (0);
            ALTER TABLE schemaversion ADD COLUMN name TEXT; ALTER TABLE schemaversion ADD COLUMN md5 TEXT;
            ALTER TABLE schemaversion ADD COLUMN run_at TIMESTAMP WITH TIME ZONE;
            INSERT INTO schemaversion (version, name, md5, run_at) VALUES (1, 'users', '{Md5(users)}', now()), (2, 'email', '{Md5(email)}', now())
            """);
        Assert.IsTrue(consumer.Build().Succeeded, "The first build writes the manifest.");
        var environment = new Dictionary<string, string?> { ["PARITY_REPLICA"] = replica.Url, ["CI"] = "true" };

        var nightly = consumer.Build(environment, "--no-restore", "-p:ParityReplica=true", "-p:ParityHistory=postgrator", "-v:d");

        Assert.IsFalse(nightly.Succeeded, nightly.ToString());
        // Detailed verbosity repeats each error in the summary (with the node's "1>" before the path): one distinct finding.
        var changed = nightly.WithCode("PARITY2002").DistinctBy(error => error.Message).Single();
        Assert.EndsWith(consumer.PathOf("Migrations/002.do.email.sql"), changed.File);
        StringAssert.Contains(changed.Message, "only the line endings differ");
        Assert.IsEmpty(nightly.Errors.Where(error => error.Code != "PARITY2002").ToList(), nightly.ToString());
    }

    [TestMethod]
    public async Task With_ParityHistory_postgrator_a_developer_build_records_each_text_md5_and_the_nightly_check_compares_with_it()
    {
        await using var replica = await ReplicaDatabase.CreateAsync();
        const string users = "CREATE TABLE users (id int);\n";
        const string email = "ALTER TABLE users ADD email text;\n";
        const string index = "CREATE INDEX users_email ON users (email);\n";
        var consumer = Consumer.Create(TestContext.TestName!)
            .Script("Migrations/001.do.users.sql", users)
            .Script("Migrations/002.do.email.sql", email.Replace("\n", "\r\n", StringComparison.Ordinal))
            .Script("Migrations/003.do.index.sql", index);
        Assert.IsTrue(consumer.Build().Succeeded, "The first build writes the manifest, without md5: no history is named.");
        Assert.DoesNotContain("\"md5\"", File.ReadAllText(consumer.PathOf("migrations.baseline.json")));

        var developer = consumer.Build("--no-restore", "-p:ParityHistory=postgrator");
        var again = consumer.Build("--no-restore", "-p:ParityHistory=postgrator");

        Assert.IsTrue(developer.Succeeded, developer.ToString());
        StringAssert.Contains(developer.Output, "recorded the md5 (postgrator's hash) of 3 baselined scripts in migrations.baseline.json");
        var manifest = File.ReadAllText(consumer.PathOf("migrations.baseline.json"));
        foreach (var text in new[] { users, email, index })
        {
            // The md5 of the text (LF), as postgrator computes it of an LF checkout.
            StringAssert.Contains(manifest, $"\"md5\": \"{Md5(text)}\"");
        }

        Assert.DoesNotContain("recorded the md5", again.Output, "Recorded once.");

        // The rows postgrator wrote from an LF checkout; 003 was edited on the replica by hand afterwards.
        await replica.ExecuteAsync($"""
            CREATE TABLE schemaversion (version BIGINT PRIMARY KEY); INSERT INTO schemaversion (version) VALUES (0);
            ALTER TABLE schemaversion ADD COLUMN name TEXT; ALTER TABLE schemaversion ADD COLUMN md5 TEXT;
            ALTER TABLE schemaversion ADD COLUMN run_at TIMESTAMP WITH TIME ZONE;
            INSERT INTO schemaversion (version, name, md5, run_at) VALUES
              (1, 'users', '{Md5(users)}', now()), (2, 'email', '{Md5(email)}', now()), (3, 'index', '{Md5("CREATE INDEX users_email ON users (lower(email));\n")}', now())
            """);
        var environment = new Dictionary<string, string?> { ["PARITY_REPLICA"] = replica.Url, ["CI"] = "true" };

        var nightly = consumer.Build(environment, "--no-restore", "-p:ParityReplica=true", "-p:ParityHistory=postgrator");

        Assert.IsFalse(nightly.Succeeded, nightly.ToString());
        var findings = nightly.WithCode("PARITY2002").DistinctBy(error => error.File).ToList();
        Assert.HasCount(2, findings, nightly.ToString());
        // The CRLF checkout's bytes are not its text: its md5 is not the manifest's, and the check says why.
        StringAssert.Contains(findings.Single(error => error.File.EndsWith("002.do.email.sql", StringComparison.Ordinal)).Message, "only the line endings differ");
        // The LF script matches its recorded md5, and the one edited on the replica does not.
        StringAssert.Contains(findings.Single(error => error.File.EndsWith("003.do.index.sql", StringComparison.Ordinal)).Message, Md5(index));
        Assert.IsEmpty(nightly.Errors.Where(error => error.Code != "PARITY2002").ToList(), nightly.ToString());
    }

    private static string Md5(string text) => Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(Encoding.UTF8.GetBytes(text)));

    [TestMethod]
    public async Task The_replica_check_runs_after_the_gate_and_a_failed_gate_runs_none()
    {
        await using var replica = await ReplicaDatabase.CreateAsync();
        var consumer = Consumer.Create(TestContext.TestName!).WithHistory();
        await replica.ExecuteAsync(Scripts.FlywayHistoryTable + Scripts.FlywayRows(Scripts.CreateUsers, Scripts.AddEmail));
        Assert.IsTrue(consumer.Build().Succeeded, "The first build writes the manifest.");
        // On CI, as a nightly check runs: locked mode changes the gate's inputs, so ParityVerify runs rather than being up to date.
        var environment = new Dictionary<string, string?> { ["PARITY_REPLICA"] = replica.Url, ["CI"] = "true" };

        // Detailed verbosity shows where each task starts.
        var nightly = consumer.Build(environment, "--no-restore", "-p:ParityReplica=true", "-v:d");

        Assert.IsTrue(nightly.Succeeded, nightly.ToString());
        var verified = nightly.Output.IndexOf("Task \"VerifyMigrations\"", StringComparison.Ordinal);
        var checkedReplica = nightly.Output.IndexOf("Task \"CheckReplica\"", StringComparison.Ordinal);
        Assert.IsTrue(verified >= 0 && checkedReplica > verified, nightly.Output);
        StringAssert.Contains(nightly.Output, "2 rows, 2 applied, 0 pending");

        File.WriteAllText(consumer.PathOf("Migrations/V1__create_users.sql"), Scripts.CreateUsers.Replace("name text", "full_name text", StringComparison.Ordinal));
        var failed = consumer.Build(environment, "--no-restore", "-p:ParityReplica=true", "-v:d");

        Assert.IsFalse(failed.Succeeded);
        // At detailed verbosity MSBuild prints each error twice: where it happened and in the summary.
        CollectionAssert.AreEqual(new[] { "PARITY1001" }, failed.Errors.Select(error => error.Code).Distinct().ToArray(), failed.ToString());
        Assert.IsFalse(failed.Output.Contains("Task \"CheckReplica\"", StringComparison.Ordinal), "Nothing checks the replica once the gate failed.");
        Assert.IsFalse(failed.Diagnostics.Any(diagnostic => diagnostic.Code.StartsWith("PARITY2", StringComparison.Ordinal)), failed.ToString());
    }

    [TestMethod]
    public async Task Connection_strings_that_cannot_be_parsed_leave_no_password_fragment_in_output_binlog_reports_or_obj()
    {
        var admin = new Npgsql.NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("PARITY_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=5432");
        var consumer = Consumer.Create(TestContext.TestName!).Script("Migrations/V1__create_users.sql", Scripts.CreateUsers);
        Assert.IsTrue(consumer.Build().Succeeded, "The first build writes the manifest.");
        // An unquoted ';' in a keyword string's password, and '?' and '/' unencoded in a URL's: the fragments and the
        // forms drivers and masking made of them ("Couldn't set part2tail;database", "Invalid value 'MySec' for 'Port'").
        var keywords = $"Host={admin.Host};Port={admin.Port};Username=reader;Password=S3cr3tPart1;Part2Tail;Database=app";
        const string url = "mysql://reader:MySec?ret/Part2Url@127.0.0.1:1/app";
        string[] fragments = ["S3cr3tPart1", "Part2Tail", "part2tail", "MySec", "Part2Url", "Couldn't set", "Invalid value", "***"];

        var outputs = new List<string>();
        var binlogs = new List<byte[]>();
        foreach (var (variable, value, arguments) in new[]
        {
            ("PARITY_REPLICA", keywords, new[] { "-p:ParityReplica=true", "-p:ParityReplicaProvider=postgres" }),
            ("PARITY_REPLICA", url, ["-p:ParityReplica=true"]),
            ("PARITY_DRYRUN", keywords, ["-t:ParityDryRun", "-p:ParityDryRunProvider=postgres"]),
        })
        {
            var binlog = consumer.PathOf($"run{outputs.Count}.binlog");
            var build = consumer.Build(new Dictionary<string, string?> { [variable] = value }, ["--no-restore", $"-bl:{binlog}", "-p:ParityReportFile=parity.sarif", .. arguments]);
            Assert.IsFalse(build.Succeeded, build.ToString());
            outputs.Add(build.Output);
            // Every message the binlog holds, as text (a replay at diagnostic verbosity).
            outputs.Add(DotNet.Run(consumer.Directory, "msbuild", binlog, "-v:diag", "-nologo").Output);
            var compressed = await File.ReadAllBytesAsync(binlog, TestContext.CancellationToken);
            binlogs.Add(compressed);
            binlogs.Add(Decompress(compressed));
        }

        StringAssert.Contains(outputs[0], "PARITY_REPLICA could not be parsed as a PostgreSQL connection string: its 5th key");
        StringAssert.Contains(outputs[2], "127.0.0.1/app", "The password, read to its last @, leaves host and database whole.");
        StringAssert.Contains(outputs[4], "PARITY_DRYRUN could not be parsed as a PostgreSQL connection string: its 5th key");
        StringAssert.Contains(outputs[1], "PARITY_REPLICA could not be parsed", "The replay holds the messages.");
        var texts = outputs.Select(Encoding.UTF8.GetBytes)
            .Append(File.ReadAllBytes(consumer.PathOf("parity.sarif")))
            .Append(File.ReadAllBytes(consumer.PathOf("parity.json")))
            .ToList();
        var files = System.IO.Directory.EnumerateFiles(consumer.PathOf("obj"), "*", SearchOption.AllDirectories).Select(File.ReadAllBytes).ToList();
        foreach (var fragment in fragments)
        {
            // "***" (what masking would print) is three bytes, common by chance in compressed or binary data: it is
            // looked for in text only; the longer fragments in the raw binlogs and every file under obj/ as well.
            var haystacks = fragment == "***" ? texts.Concat(files.Where(IsText)) : texts.Concat(binlogs).Concat(files);
            foreach (var encoding in new Encoding[] { Encoding.UTF8, Encoding.Unicode })
            {
                var bytes = encoding.GetBytes(fragment);
                Assert.IsFalse(haystacks.Any(text => text.AsSpan().IndexOf(bytes) >= 0), $"'{fragment}' ({encoding.EncodingName}) is in an output, a binlog, a report or a file under obj/.");
            }
        }
    }

    private static bool IsText(byte[] content) => !content.AsSpan().Contains((byte)0);

    private static int Crc(string script) => Scripts.Crc(script);

    private static byte[] Decompress(byte[] gzip)
    {
        using var input = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
