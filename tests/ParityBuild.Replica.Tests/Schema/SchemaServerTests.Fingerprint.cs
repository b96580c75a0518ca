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

                // What the fingerprint reads from pg_index's and pg_constraint's raw columns rather than from the
                // server's printers: each thing the printers would show.
                "CREATE INDEX orders_pair ON orders (user_id, total)",
                "DROP INDEX orders_pair; CREATE INDEX orders_pair ON orders (total, user_id)",
                "DROP INDEX orders_pair; CREATE INDEX orders_pair ON orders (total DESC, user_id)",
                "DROP INDEX orders_pair; CREATE INDEX orders_pair ON orders (total DESC NULLS LAST, user_id)",
                "DROP INDEX orders_pair; CREATE INDEX orders_pair ON orders (total DESC NULLS LAST, user_id) INCLUDE (id)",
                "DROP INDEX orders_pair; CREATE UNIQUE INDEX orders_pair ON orders (total DESC NULLS LAST, user_id) INCLUDE (id)",
                "ALTER INDEX orders_pair SET (fillfactor = 70)",
                "ALTER INDEX orders_pair RENAME TO orders_pair2",
                "CREATE INDEX users_email ON users (email)",
                "DROP INDEX users_email; CREATE INDEX users_email ON users (email varchar_pattern_ops)",
                "DROP INDEX users_email; CREATE INDEX users_email ON users (email COLLATE \"C\")",
                "DROP INDEX users_email; CREATE INDEX users_email ON users USING hash (email)",
                "DROP INDEX users_email; CREATE INDEX users_email ON users (email) WHERE email <> 'none'",
                "DROP INDEX users_email; CREATE INDEX users_email ON users (email) WHERE email <> 'nobody'",
                "DROP INDEX users_email; CREATE INDEX users_email ON users (mood)",
                "ALTER TABLE orders ALTER COLUMN total SET DEFAULT 1",
                "ALTER TABLE audit ALTER COLUMN at SET DEFAULT now()",
                "ALTER TABLE audit DROP CONSTRAINT audit_pkey, ADD CONSTRAINT audit_pkey PRIMARY KEY (id) DEFERRABLE",
                "ALTER TABLE audit DROP CONSTRAINT audit_pkey, ADD CONSTRAINT audit_pkey PRIMARY KEY (id) DEFERRABLE INITIALLY DEFERRED",
                "ALTER TABLE users DROP CONSTRAINT users_email_key, ADD CONSTRAINT users_email_key UNIQUE (email) INCLUDE (name)",
                "ALTER TABLE users DROP CONSTRAINT users_email_key, ADD CONSTRAINT users_email_key UNIQUE (email, name)",
                "ALTER TABLE users DROP CONSTRAINT users_email_key, ADD CONSTRAINT users_email_key UNIQUE (name, email)",
                "ALTER TABLE users RENAME CONSTRAINT users_email_key TO users_email_unique",
                "ALTER TABLE orders DROP CONSTRAINT orders_user_id_fkey, ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)",
                "ALTER TABLE orders ADD CONSTRAINT orders_total_max CHECK (total < 1000000) NOT VALID",

                // A table moved into the schema: a schema per tenant's statement finds it through its schema's record in pg_depend.
                "CREATE SCHEMA elsewhere; CREATE TABLE elsewhere.moved (id int PRIMARY KEY); ALTER TABLE elsewhere.moved SET SCHEMA public",
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

        // The same hand-made changes on the other database, whose objects have other OIDs: the same fingerprint again.
        foreach (var drift in drifts)
        {
            await pair.Source.ExecuteAsync(drift);
        }

        Assert.AreEqual(fingerprints[^1], await FingerprintAsync(pair.Source), "Both databases changed alike.");
    }

    private async Task<string?> FingerprintAsync(TestDatabase db)
    {
        var target = ReplicaConnectionParser.Parse(db.ConnectionString, Provider.ToString(), "PARITY_REPLICA");
        await using var session = await ReplicaSession.OpenAsync(target, Short, TestContext.CancellationToken);
        var rows = await session.QueryAsync(CatalogFingerprint.Query(Provider, session.ServerVersion, db.IsPostgres ? ["public"] : []), TestContext.CancellationToken);
        var fingerprint = CatalogFingerprint.Read(rows, session.ServerVersion);

        // A schema per tenant's statement reads pg_class through the schemas' relations, listed first: the same rows.
        var listed = await session.QueryAsync(CatalogFingerprint.Query(Provider, session.ServerVersion, db.IsPostgres ? ["public"] : [], manySchemas: true), TestContext.CancellationToken);
        Assert.AreEqual(fingerprint, CatalogFingerprint.Read(listed, session.ServerVersion), "the fingerprint of a schema per tenant");
        return fingerprint;
    }
}
