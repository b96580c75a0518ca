using ParityBuild.Core.Findings;

namespace ParityBuild.Tasks.Tests;

[TestClass]
public sealed class FindingLoggerTests
{
    [TestMethod]
    public void A_finding_whose_message_and_file_hold_line_breaks_and_a_nul_is_logged_as_one_line()
    {
        var engine = new RecordingBuildEngine();
        var log = new Microsoft.Build.Utilities.TaskLoggingHelper(engine, "CheckReplica");
        var name = "evil\r\nerror PARITY3001: forged\0\u2028\u0085";

        FindingLogger.Log(log, Diagnostics.SchemaObjectUnexpected.AtLine("/p/schema\n.json", 3, "Table public." + name, "replica/app"));

        var error = engine.Errors.Single();
        var line = $"{error.File}({error.LineNumber}): error {error.Code}: {error.Message}";
        Assert.IsFalse(line.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029'), line);
        StringAssert.Contains(error.Message, "Table public.evil\\r\\nerror PARITY3001: forged\\0\\u2028\\u0085 exists on the replica replica/app");
        Assert.AreEqual("/p/schema\\n.json", error.File);
    }
}
