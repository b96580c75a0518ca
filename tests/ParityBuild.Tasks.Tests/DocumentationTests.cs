using System.Reflection;
using System.Text.RegularExpressions;
using ParityBuild.Core.Findings;

namespace ParityBuild.Tasks.Tests;

/// <summary>Every diagnostic is documented, and nothing emits a code the catalog does not know.</summary>
[TestClass]
public sealed class DocumentationTests
{
    private static readonly string Root =
        typeof(DocumentationTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    public static IEnumerable<object[]> Codes => Diagnostics.All.Select(diagnostic => new object[] { diagnostic.Code });

    [TestMethod]
    [DynamicData(nameof(Codes))]
    public void Every_diagnostic_has_a_row_in_the_readme_and_an_entry_in_the_docs(string code)
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var docs = File.ReadAllText(Path.Combine(Root, "docs", "diagnostics.md"));

        StringAssert.Contains(readme, $"| {code} |");
        StringAssert.Contains(docs, $"## {code}\n");
    }

    [TestMethod]
    public void Every_code_in_the_msbuild_files_is_in_the_catalog()
    {
        var known = Diagnostics.All.Select(diagnostic => diagnostic.Code).ToHashSet();
        var targets = Directory.GetFiles(Path.Combine(Root, "nuget"), "*.*", SearchOption.AllDirectories).Select(File.ReadAllText);

        var used = targets.SelectMany(text => Regex.Matches(text, @"PARITY\d{4}").Select(match => match.Value)).ToHashSet();

        CollectionAssert.IsSubsetOf(used.ToList(), known.ToList());
    }
}
