using ParityBuild.Core.Rules;

namespace ParityBuild.Core.Tests.Rules;

[TestClass]
public sealed class SqlDialectTests
{
    [TestMethod]
    [DataRow("-- Create the `crate_downloads` table.\nCREATE TABLE crate_downloads (id int);\n")]
    [DataRow("comment on table t is 'extracted from the `crates` table';\n")]
    [DataRow("/* see [dbo] and\n `users` */\nSELECT 1;\n")]
    [DataRow("/*\nGO\n*/\nSELECT 1;\n")]
    public void Backticks_brackets_and_GO_in_comments_or_strings_show_no_dialect(string script)
    {
        Assert.IsNull(SqlDialect.Detect(script, "up.sql"));
    }

    [TestMethod]
    public void The_first_sign_outside_comments_and_strings_decides_the_dialect()
    {
        var detected = SqlDialect.Detect("-- the `slug` column\nUPDATE t SET note = 'a `b`';\nALTER TABLE `users` ADD email text;\n", "up.sql");

        Assert.AreEqual((SqlEngine.MySql, "`quoted` names in up.sql:3"), detected);
    }
}
