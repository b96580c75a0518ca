using ParityBuild.Replica.Connection;
using ParityBuild.Replica.Schema;
using ParityBuild.Replica.Tests.Support;

namespace ParityBuild.Replica.Tests.Schema;

/// <summary>
/// The catalog fingerprint a fleet check sends with each tenant's history query, on the sample schema (every kind of
/// object the snapshot holds): the same for two databases migrated alike, whatever their names, and changed by each kind
/// of drift the comparison reports.
/// </summary>
public abstract partial class SchemaServerTests
{
    [TestMethod]
    public async Task Two_databases_migrated_alike_have_one_catalog_fingerprint_and_each_kind_of_hand_made_drift_changes_it()
    {
        await using var pair = await PairAsync();
        var replica = pair.Replica;
        var fingerprints = new List<string> { (await FingerprintAsync(pair.Source))! };
        Assert.IsNotNull(fingerprints[0]);
        Assert.AreEqual(fingerprints[0], await FingerprintAsync(replica), "Two databases migrated by the same scripts.");

        string[] drifts = replica.IsPostgres
            ? [
                "ALTER TABLE users ADD COLUMN nickname text",
                "ALTER TABLE users ALTER COLUMN email SET DEFAULT 'nobody'",
                "DROP INDEX users_lower_name",
                "ALTER TABLE orders DROP CONSTRAINT orders_total_check",
                "CREATE OR REPLACE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 1000",
                "ALTER SEQUENCE invoice_numbers INCREMENT BY 2",
                "ALTER TYPE mood ADD VALUE 'calm'",
                "DROP TRIGGER orders_round ON orders",
                "CREATE OR REPLACE FUNCTION round_total() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
            ]
            : [
                "ALTER TABLE users ADD COLUMN nickname text",
                "ALTER TABLE users ALTER COLUMN email SET DEFAULT 'nobody'",
                "DROP INDEX users_lower_name ON users",
                "ALTER TABLE orders DROP CONSTRAINT orders_total_check",
                "CREATE OR REPLACE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 1000",
                "DROP TRIGGER orders_round",
                "CREATE FUNCTION hotfix(a int) RETURNS int DETERMINISTIC RETURN a + 1",
            ];
        foreach (var drift in drifts)
        {
            await replica.ExecuteAsync(drift);
            var fingerprint = await FingerprintAsync(replica);

            Assert.IsNotNull(fingerprint, drift);
            CollectionAssert.DoesNotContain(fingerprints, fingerprint, drift);
            fingerprints.Add(fingerprint);
        }
    }

    private async Task<string?> FingerprintAsync(TestDatabase db)
    {
        var target = ReplicaConnectionParser.Parse(db.ConnectionString, Provider.ToString(), "PARITY_REPLICA");
        await using var session = await ReplicaSession.OpenAsync(target, Short, TestContext.CancellationToken);
        var rows = await session.QueryAsync(CatalogFingerprint.Query(Provider, session.ServerVersion, db.IsPostgres ? ["public"] : []), TestContext.CancellationToken);
        return CatalogFingerprint.Read(rows, session.ServerVersion);
    }
}
