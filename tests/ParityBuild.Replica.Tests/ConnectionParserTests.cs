using ParityBuild.Replica.Connection;

namespace ParityBuild.Replica.Tests;

[TestClass]
public sealed class ConnectionParserTests
{
    private const string Secret = "S3cr3t-Pa55";

    [TestMethod]
    public void A_postgres_url_becomes_an_npgsql_string_with_its_tls_setting()
    {
        var target = ReplicaConnectionParser.Parse($"postgres://reader:{Secret}@db.example.com:6432/app?sslmode=require", null, "PARITY_REPLICA");

        Assert.AreEqual(ReplicaProvider.Postgres, target.Provider);
        Assert.AreEqual("db.example.com/app", target.Display);
        StringAssert.Contains(target.ConnectionString, "Port=6432");
        StringAssert.Contains(target.ConnectionString, "SSL Mode=Require");
        StringAssert.Contains(target.ConnectionString, "Username=reader");
    }

    [TestMethod]
    [DataRow("postgresql://u:p@h/db", ReplicaProvider.Postgres)]
    [DataRow("mysql://u:p@h/db", ReplicaProvider.MySql)]
    [DataRow("mariadb://u:p@h:3307/db?ssl-mode=VERIFY_IDENTITY", ReplicaProvider.MySql)]
    public void The_url_scheme_names_the_provider(string url, ReplicaProvider provider) =>
        Assert.AreEqual(provider, ReplicaConnectionParser.Parse(url, "auto", "PARITY_REPLICA").Provider);

    [TestMethod]
    public void A_mysql_url_s_ssl_mode_is_translated_for_mysqlconnector()
    {
        var target = ReplicaConnectionParser.Parse("mysql://u:p@h/db?ssl-mode=VERIFY_IDENTITY", null, "PARITY_REPLICA");

        StringAssert.Contains(target.ConnectionString, "SSL Mode=VerifyFull");
    }

    [TestMethod]
    public void Percent_encoded_special_characters_in_the_password_are_decoded_and_both_forms_are_secrets()
    {
        var target = ReplicaConnectionParser.Parse("postgres://reader:p%40s%3As%2Fw%3Fo%23r%25d%20x@h/db", null, "PARITY_REPLICA");

        StringAssert.Contains(target.ConnectionString, "Password=\"p@s:s/w?o#r%d x\"");
        Assert.AreEqual("*** and ***", target.Scrub("p@s:s/w?o#r%d x and p%40s%3As%2Fw%3Fo%23r%25d%20x"));
    }

    [TestMethod]
    [DataRow("Host=h;Port=5432;Username=u;Password=p;Database=d", ReplicaProvider.Postgres)]
    [DataRow("Host=h;Username=u;Search Path=app", ReplicaProvider.Postgres)]
    [DataRow("Server=h;Port=3306;Uid=u;Pwd=p;Database=d", ReplicaProvider.MySql)]
    [DataRow("Server=h;User ID=u;AllowPublicKeyRetrieval=true", ReplicaProvider.MySql)]
    public void The_keywords_or_the_port_tell_the_provider(string keywords, ReplicaProvider provider) =>
        Assert.AreEqual(provider, ReplicaConnectionParser.Parse(keywords, null, "PARITY_REPLICA").Provider);

    [TestMethod]
    public void Ambiguous_keywords_need_the_provider_setting()
    {
        var keywords = $"Host=h;Port=55432;Username=u;Password={Secret};Database=d";

        var exception = Assert.ThrowsExactly<ReplicaException>(() => ReplicaConnectionParser.Parse(keywords, null, "PARITY_REPLICA"));
        var target = ReplicaConnectionParser.Parse(keywords, "postgres", "PARITY_REPLICA");

        Assert.AreEqual(ReplicaFailureKind.Configuration, exception.Kind);
        StringAssert.Contains(exception.Message, "Set ParityReplicaProvider to postgres or mysql");
        Assert.AreEqual("h/d", target.Display);
    }

    [TestMethod]
    public void A_missing_variable_is_named_in_the_message()
    {
        var exception = Assert.ThrowsExactly<ReplicaException>(() => ReplicaConnectionParser.Parse("  ", null, "NIGHTLY_DB"));

        Assert.AreEqual(ReplicaFailureKind.Configuration, exception.Kind);
        StringAssert.Contains(exception.Message, "the environment variable NIGHTLY_DB is not set");
    }

    [TestMethod]
    [DataRow("postgres://u:" + Secret + "@h/db", "mysql")]
    [DataRow("redis://u:" + Secret + "@h/db", null)]
    [DataRow("Host=h;Password=" + Secret + ";Bogus Keyword=1", "postgres")]
    [DataRow("Host=h;Password=\"" + Secret, "postgres")]
    [DataRow("Host=h;Password=" + Secret, "oracle")]
    public void Invalid_settings_never_repeat_the_password(string raw, string? provider)
    {
        var exception = Assert.ThrowsExactly<ReplicaException>(() => ReplicaConnectionParser.Parse(raw, provider, "PARITY_REPLICA"));

        Assert.AreEqual(ReplicaFailureKind.Configuration, exception.Kind);
        Assert.IsFalse(exception.Message.Contains(Secret, StringComparison.Ordinal), exception.Message);
    }

    [TestMethod]
    public void A_target_prints_host_and_database_but_never_the_user_or_password()
    {
        var target = ReplicaConnectionParser.Parse($"mysql://admin:{Secret}@replica.internal/shop", null, "PARITY_REPLICA");

        Assert.AreEqual("MySql replica.internal/shop", target.ToString());
        Assert.IsFalse(target.Display.Contains("admin", StringComparison.Ordinal));
    }
}
