using ParityBuild.Replica.Connection;

namespace ParityBuild.Replica.Tests.Connection;

[TestClass]
public sealed class ConnectionParserTests
{
    private const string Secret = "S3cr3t-Pa55";

    private const string Withheld = "(the driver's message is not shown: it may quote the password)";

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
        Assert.AreEqual(Withheld, target.Scrub("p@s:s/w?o#r%d x and more"));
        Assert.AreEqual(Withheld, target.Scrub("and p%40s%3As%2Fw%3Fo%23r%25d%20x"));
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
    [DataRow("Host=h;Username=u;Password=S3cr3tPart1;Part2;Database=d", "postgres", "its 4th key", "Part2")]
    [DataRow("Host=h;Port=5432;Username=u;Password=S3cr3tPart1;Part2;Database=d", null, "its 5th key", "Part2")]
    [DataRow("Server=h;Port=3306;Uid=u;Pwd=S3cr3tPart1;Part2;Database=d", null, "its 5th key", "Part2")]
    [DataRow("Host=h;Port=5432;Password=S3cr3tPart1=Part2;x", null, "", "Part2")]
    [DataRow("Host=h;Password=\"S3cr3tPart1;Part2", "postgres", "its 2nd key or value is malformed", "Part2")]
    [DataRow("Host=h;Port=5432;Password=S3cr3tPart1;Part2=x", null, "its 4th key", "Part2")]
    [DataRow("Host=h;Port=MySecPart2;Database=d", "postgres", "its 2nd key", "MySecPart2")]
    [DataRow("Host=h;Port=5432;Password=S3cr3tPart1;Part2://x;Database=d", null, "its 4th key", "Part2")]
    public void A_keyword_string_that_cannot_be_parsed_names_the_key_s_position_and_how_to_quote_but_no_key_or_value(string raw, string? provider, string position, string fragment)
    {
        var exception = Assert.ThrowsExactly<ReplicaException>(() => ReplicaConnectionParser.Parse(raw, provider, "PARITY_REPLICA"));

        Assert.AreEqual(ReplicaFailureKind.Configuration, exception.Kind);
        StringAssert.Contains(exception.Message, "PARITY_REPLICA could not be parsed as");
        StringAssert.Contains(exception.Message, position);
        StringAssert.Contains(exception.Message, "wrap");
        foreach (var leak in new[] { fragment, fragment.ToLowerInvariant(), "S3cr3tPart1", "Couldn't set", "database", "Database" })
        {
            Assert.IsFalse(exception.Message.Contains(leak, StringComparison.Ordinal), $"'{leak}' in: {exception.Message}");
        }
    }

    [TestMethod]
    [DataRow("mysql://app:MySec?ret/Part2@db.internal:3306/shop", "db.internal/shop", "MySec?ret/Part2")]
    [DataRow("mysql://app:My/Sec@ret?x@db.internal/shop?ssl-mode=REQUIRED", "db.internal/shop", "My/Sec@ret?x")]
    [DataRow("postgres://app:p?a/s@s#w@db.internal:6432/app", "db.internal/app", "p?a/s@s#w")]
    public void A_url_password_with_unencoded_question_marks_slashes_and_ats_stays_the_password(string url, string display, string password)
    {
        var target = ReplicaConnectionParser.Parse(url, null, "PARITY_REPLICA");

        Assert.AreEqual(display, target.Display);
        CollectionAssert.Contains(target.Secrets.ToList(), password);
    }

    [TestMethod]
    [DataRow("mysql://app:MySec@db.internal:MySecPart2/shop", "its port is not a number", "MySec")]
    [DataRow("postgres://app:pw@db.internal/app?sslmode=SecretMode", "its 1st query parameter", "SecretMode")]
    [DataRow("postgres://app:pw@db.internal/app?application_name=a&Secr3tKey=1", "its 2nd query parameter", "Secr3tKey")]
    public void A_url_that_cannot_be_parsed_says_which_part_and_how_to_percent_encode_but_no_value(string url, string part, string fragment)
    {
        var exception = Assert.ThrowsExactly<ReplicaException>(() => ReplicaConnectionParser.Parse(url, null, "PARITY_REPLICA"));

        StringAssert.Contains(exception.Message, part);
        StringAssert.Contains(exception.Message, "percent-encode");
        Assert.IsFalse(exception.Message.Contains(fragment, StringComparison.OrdinalIgnoreCase), exception.Message);
        Assert.IsFalse(exception.Message.Contains("Invalid value", StringComparison.Ordinal), exception.Message);
    }

    [TestMethod]
    [DataRow("disable", "Disable")]
    [DataRow("allow", "Allow")]
    [DataRow("prefer", "Prefer")]
    [DataRow("require", "Require")]
    [DataRow("verify-ca", "VerifyCA")]
    [DataRow("verify-full", "VerifyFull")]
    public void Every_libpq_sslmode_in_a_postgres_url_maps_to_npgsql_s_ssl_mode(string sslmode, string npgsql)
    {
        var target = ReplicaConnectionParser.Parse($"postgres://u:pw@h/db?sslmode={sslmode}", null, "PARITY_REPLICA");

        StringAssert.Contains(target.ConnectionString, $"SSL Mode={npgsql}");
    }

    [TestMethod]
    [DataRow("apps", "password authentication failed for user \"apps\"", true)]
    [DataRow("S3cr3t", "could not connect: S3cr3tPart2", true)]
    [DataRow("app", "password authentication failed for user \"app\"", false)]
    [DataRow("e", "connection refused", false)]
    public void A_text_holding_the_password_is_withheld_whole_never_masked_in_place(string password, string text, bool withheld)
    {
        var target = ReplicaConnectionParser.Parse($"Host=127.0.0.1;Port=5432;Username={password};Password={password};Database=app", null, "PARITY_REPLICA");

        var shown = target.Scrub(text);

        Assert.AreEqual(withheld ? Withheld : text, shown);
        Assert.IsFalse(shown.Contains("***", StringComparison.Ordinal));
        Assert.AreEqual("127.0.0.1/app", target.Display);
    }

    [TestMethod]
    public void A_target_prints_host_and_database_but_never_the_user_or_password()
    {
        var target = ReplicaConnectionParser.Parse($"mysql://admin:{Secret}@replica.internal/shop", null, "PARITY_REPLICA");

        Assert.AreEqual("MySql replica.internal/shop", target.ToString());
        Assert.IsFalse(target.Display.Contains("admin", StringComparison.Ordinal));
    }
}
