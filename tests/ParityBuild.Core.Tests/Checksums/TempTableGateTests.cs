using ParityBuild.Core.Scripts;
using ParityBuild.Core.Tests.Support;
using ParityBuild.Core.Verification;

namespace ParityBuild.Core.Tests.Checksums;

/// <summary>
/// T-SQL scripts with #temp and ##global tables through the gate: a reformatting is PARITY1009, and a manifest written
/// before the semantic checksum read such lines as tokens (sha256-sql-tokens-v3) keeps working with no finding.
/// </summary>
[TestClass]
public sealed class TempTableGateTests
{
    private const string TempTables = "Migrations/Script0001 - temp tables.sql";
    private const string Orders = "Migrations/Script0002 - orders.sql";

    // The four scripts and the manifest the gate wrote for them with sha256-sql-tokens-v3 (main at 2cbde72), verbatim.
    private static readonly (string Path, string Text)[] Scripts =
    [
        (TempTables, "-- Claims, staged\nCREATE TABLE #Claims ([Id] int NOT NULL, [Name] nvarchar(50));\nINSERT INTO #Claims SELECT [Id], [Name] FROM [dbo].[Claim] WHERE [Name] <> N'it''s';\nSELECT * INTO ##Seen FROM #Claims;  -- global\nGO\nDROP TABLE #Claims;\nGO\n"),
        (Orders, "CREATE TABLE [dbo].[Orders] ([Id] int NOT NULL)\nGO\nSELECT 1\nGO 2\n"),
        ("Migrations/Script0003 - procedure.sql", "-- Licensed\nDELIMITER $$\nCREATE PROCEDURE p()\nBEGIN\n  SELECT 'a $$'; # note\nEND$$\nDELIMITER ;\n"),
        ("Migrations/Script0004 - json.sql", "SELECT data #>> '{a,b}' AS v\nFROM t;\n"),
    ];

    private const string ManifestV3 = """
        {
          "formatVersion": 1,
          "algorithm": "sha256-bom-stripped-lf",
          "digest": "da48919021e5598996b95035f2580fb789bcd1421165a44119850ed22b5808bd",
          "sets": [
            {
              "name": "",
              "migrations": [
                { "version": "Script0001 - temp tables", "description": "Script0001 - temp tables", "kind": "versioned", "path": "Migrations/Script0001 - temp tables.sql", "sha256": "80ffc615531379e1aaf7e6885eb4a395d8248f302b994f6c8532923d81f5fe1f", "semantic": "202fa34ff03f0f02a333134025300a34365fd2080e85b3940179e33af5a2456f", "flyway": -1864943745 },
                { "version": "Script0002 - orders", "description": "Script0002 - orders", "kind": "versioned", "path": "Migrations/Script0002 - orders.sql", "sha256": "36ecc89a1cf0619298c45a113dde6233b913ffab8f73ac38782abf94eb1c6b14", "semantic": "0dd9c8a9d622b43f1c91de773579b731366b4f75b93e5f0820cb66b209efa547", "flyway": -1782576308 },
                { "version": "Script0003 - procedure", "description": "Script0003 - procedure", "kind": "versioned", "path": "Migrations/Script0003 - procedure.sql", "sha256": "043a88d797c336f619267d0b533daa55c3b7f5d2a39c994bf84f68bd2c228153", "semantic": "7d450dafcc8ef7d3086573a543620093965a4a605bfe8bfd5647559cea0de9e9", "flyway": -1469477647 },
                { "version": "Script0004 - json", "description": "Script0004 - json", "kind": "versioned", "path": "Migrations/Script0004 - json.sql", "sha256": "452ff87c6ea1f4aa7ef79b19eb4dd733cad5d74197b0aae66e0c140299289fed", "semantic": "ea0a96e745f16c4afbb18c43dd74e0d7ee75dc07eb49c1dde735fa4e647cd83d", "flyway": 856096830 }
              ]
            }
          ]
        }

        """;

    [TestMethod]
    public void A_manifest_written_with_the_previous_algorithm_verifies_locked_with_no_finding()
    {
        using var project = Project(out var options);
        project.Write("migrations.baseline.json", ManifestV3);

        var result = Verifier.Run(Files(project), options with { Locked = true });

        Assert.IsEmpty(result.Findings, string.Join("\n", result.Findings));
        Assert.IsFalse(result.ManifestWritten);
    }

    [TestMethod]
    public void After_the_upgrade_a_reformatted_script_without_a_hash_is_still_PARITY1009_and_one_with_a_hash_is_PARITY1001_once()
    {
        using var project = Project(out var options);
        project.Write("migrations.baseline.json", ManifestV3);
        project.Write(Orders, "CREATE TABLE [dbo].[Orders]\n(\n  [Id] int NOT NULL\n)\nGO\n\nSELECT 1\nGO 2\n");
        project.Write(TempTables, Reformatted(Scripts[0].Text));

        var findings = Verifier.Run(Files(project), options with { Locked = true }).Findings;

        Assert.AreEqual("PARITY1009", findings.Single(finding => finding.File!.EndsWith("orders.sql", StringComparison.Ordinal)).Code);
        Assert.AreEqual("PARITY1001", findings.Single(finding => finding.File!.EndsWith("temp tables.sql", StringComparison.Ordinal)).Code);
    }

    [TestMethod]
    public void A_reformatted_T_SQL_script_with_temp_tables_is_PARITY1009_and_a_temp_table_renamed_is_PARITY1001()
    {
        using var project = Project(out var options);
        Verifier.Run(Files(project), options);

        project.Write(TempTables, Reformatted(Scripts[0].Text));
        Assert.AreEqual("PARITY1009", Assert.ContainsSingle(Verifier.Run(Files(project), options with { Locked = true }).Findings).Code);

        project.Write(TempTables, Scripts[0].Text.Replace("##Seen", "#Seen", StringComparison.Ordinal));
        Assert.AreEqual("PARITY1001", Assert.ContainsSingle(Verifier.Run(Files(project), options with { Locked = true }).Findings).Code);
    }

    // Spacing and comments changed on every line, the '#' lines included, and CRLF line endings.
    private static string Reformatted(string text) => ("-- Reformatted.\n" + text)
        .Replace("([Id] int NOT NULL, [Name]", "(\t[Id] int NOT NULL,  [Name]", StringComparison.Ordinal)
        .Replace("FROM #Claims;  -- global", "FROM #Claims; /* global */", StringComparison.Ordinal)
        .Replace("\n", "\r\n", StringComparison.Ordinal);

    private static TempFolder Project(out VerifyOptions options)
    {
        var project = new TempFolder();
        foreach (var (path, text) in Scripts)
        {
            project.Write(path, text);
        }

        options = new VerifyOptions(project.Root, project.PathOf("migrations.baseline.json"));
        return project;
    }

    private static ScriptFile[] Files(TempFolder project) =>
        [.. Scripts.Select(script => new ScriptFile(project.PathOf(script.Path), script.Path, "", "dbup"))];
}
