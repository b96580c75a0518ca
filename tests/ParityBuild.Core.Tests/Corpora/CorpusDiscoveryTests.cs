using ParityBuild.Core.Scripts;

namespace ParityBuild.Core.Tests.Corpora;

/// <summary>Real projects' migration folders, read in place from ../shared/corpora: one row per corpus.</summary>
[TestClass]
public sealed class CorpusDiscoveryTests
{
    // files: as SOURCES.md counts them (a check that the corpus is complete); scripts: what the project declares.
    // SOURCES.md speaks of 22 stroom module folders; the corpus holds 21 distinct db/migration folders (in 19 top-level modules).
    [TestMethod]
    [DataRow(CorpusLayout.Uaa, 265, 265, 3, 0, 0, 0, DisplayName = "cloudfoundry/uaa")]
    [DataRow(CorpusLayout.Stroom, 146, 146, 21, 9, 4, 0, DisplayName = "gchq/stroom")]
    [DataRow(CorpusLayout.Dataverse, 102, 102, 1, 0, 1, 0, DisplayName = "IQSS/dataverse")]
    [DataRow(CorpusLayout.OpengehEdi, 224, 224, 2, 0, 0, 0, DisplayName = "Energinet-DataHub/opengeh-edi")]
    [DataRow(CorpusLayout.CratesIo, 571, 570, 1, 0, 0, 285, DisplayName = "rust-lang/crates.io")]
    [DataRow(CorpusLayout.Openmeter, 538, 538, 1, 0, 0, 269, DisplayName = "openmeterio/openmeter")]
    [DataRow(CorpusLayout.EdFi, 342, 304, 16, 0, 0, 0, DisplayName = "Ed-Fi-Alliance-OSS/Ed-Fi-ODS")]
    public void Every_script_of_a_real_project_is_discovered_without_a_finding(
        string corpus, int files, int scripts, int sets, int repeatables, int callbacks, int undos)
    {
        var layout = CorpusLayout.For(corpus);
        Assert.HasCount(files, layout.AllFiles());
        var declared = layout.Scripts();

        var result = MigrationDiscovery.Discover(declared);

        Assert.IsEmpty(result.Findings, string.Join(Environment.NewLine, result.Findings.Take(20)));
        Assert.HasCount(scripts, declared);
        Assert.HasCount(declared.Count, result.Migrations);
        Assert.HasCount(sets, result.Sets);
        Assert.HasCount(repeatables, result.Migrations.Where(migration => migration.Kind == MigrationKind.Repeatable));
        Assert.HasCount(callbacks, result.Migrations.Where(migration => migration.Kind == MigrationKind.Callback));
        Assert.HasCount(undos, result.Migrations.Where(migration => migration.Kind == MigrationKind.Undo));
    }

    // Landmarks that must come in this order within one set: where a lexical sort, or a sort that ignores the tool's rules, goes wrong.
    [TestMethod]
    [DataRow(CorpusLayout.Uaa, "postgresql", new[]
    {
        "V1_5_2__initial_db.sql", "V1_10_0__SetVerifiedToTrueForExistingUsers.sql",
        "V4_99_1561608282__NOOP.sql", "V4_99_1575367461__revocable_token_index.sql", "V4_100__IncreaseSizeOfSessionAttributeColumnForMysql.sql",
        "V4_101_1631562784__Add_LowerIndex_To_Users.sql", "V4_101_1639764160__Add_LowerIndex_To_Users_Wo_Origin.sql",
    }, DisplayName = "cloudfoundry/uaa: epoch parts sort numerically")]
    [DataRow(CorpusLayout.Stroom, "stroom-processor/stroom-processor-impl-db/src/main/resources/stroom/processor/impl/db/migration", new[]
    {
        "V07_00_00_006__processor_task.sql", "V07_00_00_2107__processor_filter.sql", "V07_00_02_001__processor_task_idx.sql",
        "V07_14_00_003__processor_filter_max_task_creation_delay.sql", "R__processor_views.sql",
    }, DisplayName = "gchq/stroom: zero-padded parts of different widths, repeatables last")]
    [DataRow(CorpusLayout.Dataverse, "", new[]
    {
        "V1__flyway_schema_baseline.sql", "V4.11__5513-database-variablemetadata.sql",
        "V6.5.0.9.sql", "V6.5.0.10.sql", "V6.5.0.11.sql", "V6.9.0.1.sql", "V6.10.1.1.sql", "afterMigrate__1-7256-upsert-referenceData.sql",
    }, DisplayName = "IQSS/dataverse: dotted versions sort numerically, the callback last")]
    [DataRow(CorpusLayout.OpengehEdi, "Model", new[]
    {
        "Model/202212081032 Add end of supply notification state.sql", "Model/202225081325 Refactor columns.sql",
        "Model/202227101355 Add received integration events.sql", "Model/202301301240 Delete unused tables in dbo schema.sql",
        "Model/202310231329 Alter Bundles.sql", "Model/202310231329 Alter Bundles1.sql", "Model/202310231329 Alter Bundles2.sql",
    }, DisplayName = "Energinet-DataHub/opengeh-edi: DbUp's ordinal name order, invalid months included")]
    [DataRow(CorpusLayout.CratesIo, "", new[]
    {
        "00000000000000_diesel_initial_setup/up.sql", "00000000000000_diesel_initial_setup/down.sql",
        "20140924113530_dumped_migration_1/up.sql", "2017-08-31-230457_invitations/up.sql",
        "2025-11-19-091444-0000_add_trustpub_only_to_crates/up.sql",
        "2025-12-29-110242-0000_add_distribution_to_cloudfront_invalidation_queue/up.sql",
        "2026-01-20-162913_oauth_github_table/up.sql", "2026-05-05-180007-0000_add_last_sync_to_oauth_github/up.sql",
    }, DisplayName = "rust-lang/crates.io: three version formats by date, as Diesel orders them")]
    [DataRow(CorpusLayout.Openmeter, "", new[]
    {
        "20240826120919_init.up.sql", "20240826120919_init.down.sql", "20240903155435_entitlement-expired-index.up.sql",
        "20260818090123_rate_card_feature_reference_constraints.up.sql", "20260818090123_rate_card_feature_reference_constraints.down.sql",
    }, DisplayName = "openmeterio/openmeter: up before its down")]
    [DataRow(CorpusLayout.EdFi, "Application/EdFi.Ods.Standard/Standard/6.1.0/Artifacts/MsSql/Structure/Ods", new[]
    {
        "0050-ExtendedProperties.sql", "1100-AddMoreContextToEducationIdentifiersView.sql", "1100-CorrectCommunityOrganizationAuthViews.sql",
    }, DisplayName = "Ed-Fi-Alliance-OSS/Ed-Fi-ODS: one number twice, both kept, by the whole name")]
    [DataRow(CorpusLayout.EdFi, "Artifacts/PgSql/Structure/Security", new[]
    {
        "0040-Indexes.sql", "0050-AddUniqueConstraintResourceClaimsClaimName.sql", "0050-Tables-MultipleAuthStrats.sql", "0060-AlterClaimsetTable.sql",
    }, DisplayName = "Ed-Fi-Alliance-OSS/Ed-Fi-ODS: PgSql Security's two 0050 scripts in DbUp's name order")]
    public void Migrations_of_a_real_project_are_ordered_as_its_tool_applies_them(string corpus, string set, string[] landmarks)
    {
        var result = MigrationDiscovery.Discover(CorpusLayout.For(corpus).Scripts());
        var order = result.Sets.Single(candidate => candidate.Name == set).Migrations.Select(migration => migration.RelativePath).ToList();

        var positions = landmarks.Select(landmark => order.FindIndex(path => path == landmark || path.EndsWith("/" + landmark, StringComparison.Ordinal))).ToList();

        for (var i = 0; i < landmarks.Length; i++)
        {
            Assert.IsGreaterThanOrEqualTo(0, positions[i], $"{landmarks[i]} is not in the set");
        }

        for (var i = 1; i < landmarks.Length; i++)
        {
            Assert.IsTrue(positions[i - 1] < positions[i], $"{landmarks[i - 1]} should come before {landmarks[i]}");
        }
    }

    // For the tools whose rule is simple, the whole sequence of up (versioned) scripts must be the tool's.
    [TestMethod]
    [DataRow(CorpusLayout.OpengehEdi, DisplayName = "Energinet-DataHub/opengeh-edi: DbUp sorts script names ordinally")]
    [DataRow(CorpusLayout.CratesIo, DisplayName = "rust-lang/crates.io: Diesel removes dashes and compares the versions as strings")]
    [DataRow(CorpusLayout.Openmeter, DisplayName = "openmeterio/openmeter: golang-migrate sorts by the numeric version")]
    [DataRow(CorpusLayout.EdFi, DisplayName = "Ed-Fi-Alliance-OSS/Ed-Fi-ODS: DbUp sorts script names ordinally, folder by folder")]
    public void The_whole_sequence_of_a_real_project_is_its_tools_order(string corpus)
    {
        var result = MigrationDiscovery.Discover(CorpusLayout.For(corpus).Scripts());

        foreach (var set in result.Sets)
        {
            var ours = set.Migrations.Where(migration => migration.Kind == MigrationKind.Versioned).Select(migration => migration.RelativePath).ToList();
            var tools = corpus switch
            {
                CorpusLayout.CratesIo => ours.OrderBy(path => path.Split('_')[0].Replace("-", "", StringComparison.Ordinal), StringComparer.Ordinal).ToList(),
                CorpusLayout.Openmeter => ours.OrderBy(path => ulong.Parse(path.Split('_')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList(),
                _ => ours.Order(StringComparer.Ordinal).ToList(),
            };

            Assert.HasCount(tools.Count, ours);
            var differences = Enumerable.Range(0, ours.Count).Where(i => ours[i] != tools[i]).ToList();
            if (differences.Count > 0)
            {
                var i = differences[0];
                Assert.Fail($"{differences.Count} of {ours.Count} positions differ; the first, {i}: ParityBuild has {ours[i]}, the tool applies {tools[i]}.");
            }
        }
    }

    [TestMethod]
    public void The_loose_data_file_of_crates_io_is_exactly_one_PARITY1008_when_it_is_declared()
    {
        var layout = CorpusLayout.For(CorpusLayout.CratesIo);

        var result = MigrationDiscovery.Discover(layout.Scripts(includeEverything: true));

        var finding = Assert.ContainsSingle(result.Findings);
        Assert.AreEqual("PARITY1008", finding.Code);
        Assert.AreEqual(Path.Combine(layout.Location, "data_oauth_github.sql"), finding.File);
        Assert.HasCount(570, result.Migrations);
    }

    [TestMethod]
    public void The_same_uaa_version_in_three_dialect_folders_is_three_migrations()
    {
        var result = MigrationDiscovery.Discover(CorpusLayout.For(CorpusLayout.Uaa).Scripts());

        Assert.HasCount(3, result.Migrations.Where(migration => migration.Version?.Text == "1.5.2"));
    }

    [TestMethod]
    public void Stroom_in_one_set_instead_of_one_per_module_reports_its_reused_versions()
    {
        var scripts = CorpusLayout.For(CorpusLayout.Stroom).Scripts().Select(script => script with { Set = "" }).ToList();

        var result = MigrationDiscovery.Discover(scripts);

        Assert.IsNotEmpty(result.Findings);
        Assert.IsTrue(result.Findings.All(finding => finding.Code == "PARITY1005"));
    }
}
