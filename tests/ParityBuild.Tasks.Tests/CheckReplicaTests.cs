using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace ParityBuild.Tasks.Tests;

/// <summary>The replica task's own duties: settings in, coded errors out, and the connection string never in a log.</summary>
[TestClass]
public sealed class CheckReplicaTests : ProjectTests
{
    private (CheckReplica Task, RecordingBuildEngine Engine) Create(Action<CheckReplica> configure)
    {
        var engine = new RecordingBuildEngine();
        var task = new CheckReplica
        {
            BuildEngine = engine,
            ProjectDirectory = Project,
            BaselineFile = "migrations.baseline.json",
            Scripts = ScriptItems(),
        };
        configure(task);
        return (task, engine);
    }

    [TestMethod]
    public void An_unset_connection_variable_is_PARITY2008_naming_the_variable()
    {
        var (task, engine) = Create(task => task.ConnectionVariable = "PARITY_TEST_UNSET_" + Guid.NewGuid().ToString("N"));

        Assert.IsFalse(task.Execute());

        var error = engine.Errors.Single();
        Assert.AreEqual("PARITY2008", error.Code);
        StringAssert.Contains(error.Message, $"the environment variable {task.ConnectionVariable} is not set");
    }

    [TestMethod]
    public void A_connection_string_given_instead_of_a_variable_name_is_refused_without_repeating_it()
    {
        var (task, engine) = Create(task => task.ConnectionVariable = "Host=db;Password=Sup3rSecret");

        Assert.IsFalse(task.Execute());

        var error = engine.Errors.Single();
        Assert.AreEqual("PARITY2008", error.Code);
        var everything = string.Join("\n", engine.Errors.Select(e => e.Message).Concat(engine.Messages.Select(m => m.Message)));
        Assert.IsFalse(everything.Contains("Sup3rSecret", StringComparison.Ordinal), everything);
    }

    [TestMethod]
    [DataRow("Pending", "sometimes")]
    [DataRow("Failure", "message")]
    [DataRow("LockTimeout", "-1")]
    [DataRow("ConnectTimeout", "ten")]
    public void A_wrong_setting_is_PARITY2008_not_a_crash(string setting, string value)
    {
        var (task, engine) = Create(task => typeof(CheckReplica).GetProperty(setting)!.SetValue(task, value));

        Assert.IsFalse(task.Execute());

        Assert.AreEqual("PARITY2008", engine.Errors.Single().Code);
    }

    [TestMethod]
    public void An_unreachable_replica_is_one_coded_error_with_a_one_line_summary_and_never_the_password()
    {
        var variable = "PARITY_TEST_REPLICA_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "postgres://reader:Hunter2-Secret@127.0.0.1:1/app");
        try
        {
            var (task, engine) = Create(task => { task.ConnectionVariable = variable; task.ConnectTimeout = "2"; });

            Assert.IsFalse(task.Execute());

            var error = engine.Errors.Single();
            Assert.AreEqual("PARITY2006", error.Code);
            StringAssert.Contains(error.Message, "127.0.0.1/app");
            StringAssert.Contains(engine.MessagesAt(MessageImportance.Normal).Last(), "ParityBuild: replica 127.0.0.1/app");
            var everything = string.Join("\n", engine.Errors.Select(e => e.Message).Concat(engine.Messages.Select(m => m.Message)));
            Assert.IsFalse(everything.Contains("Hunter2-Secret", StringComparison.Ordinal), everything);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [TestMethod]
    [DataRow("SchemaDrift", "sometimes")]
    [DataRow("Schemas", "app\\x")]
    public void A_wrong_schema_setting_is_PARITY2008_before_anything_connects(string setting, string value)
    {
        var (task, engine) = Create(task =>
        {
            task.SchemaFile = "migrations.schema.json";
            typeof(CheckReplica).GetProperty(setting)!.SetValue(task, value);
        });

        Assert.IsFalse(task.Execute());

        var error = engine.Errors.Single();
        Assert.AreEqual("PARITY2008", error.Code);
        StringAssert.Contains(error.Message, "ParitySchema");
    }

    [TestMethod]
    public void The_schema_capture_of_an_unreachable_database_is_one_coded_error_and_writes_no_snapshot()
    {
        var variable = "PARITY_TEST_REPLICA_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "postgres://reader:Hunter2-Secret@127.0.0.1:1/app");
        try
        {
            var engine = new RecordingBuildEngine();
            var task = new CaptureSchema
            {
                BuildEngine = engine,
                ProjectDirectory = Project,
                BaselineFile = "migrations.baseline.json",
                SchemaFile = "migrations.schema.json",
                ConnectionVariable = variable,
                ConnectTimeout = "2",
            };

            Assert.IsFalse(task.Execute());

            Assert.AreEqual("PARITY2006", engine.Errors.Single().Code);
            Assert.IsFalse(File.Exists(Path.Combine(Project, "migrations.schema.json")));
            var everything = string.Join("\n", engine.Errors.Select(e => e.Message).Concat(engine.Messages.Select(m => m.Message)));
            Assert.IsFalse(everything.Contains("Hunter2-Secret", StringComparison.Ordinal), everything);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }
}
