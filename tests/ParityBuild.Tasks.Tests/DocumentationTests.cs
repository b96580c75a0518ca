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
    public void Every_diagnostic_has_a_row_in_the_table_and_an_entry_in_the_docs(string code)
    {
        var docs = File.ReadAllText(Path.Combine(Root, "docs", "diagnostics.md"));

        StringAssert.Contains(docs, $"| {code} |");
        StringAssert.Contains(docs, $"## {code}\n");
    }

    // The README is for users: what it is, the two commands, the day, the settings, and links (MinVer's is ~33 KB,
    // Microsoft.Build.Sql's 4 KB). Everything else lives in docs/.
    [TestMethod]
    public void The_readme_fits_on_a_few_screens_and_every_local_link_resolves()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));

        Assert.IsLessThanOrEqualTo(15 * 1024, readme.Length);
        foreach (var markdown in Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Append(Path.Combine(Root, "README.md")))
        {
            foreach (Match link in Regex.Matches(File.ReadAllText(markdown), @"\]\((?!https?:|#)([^)#]+)"))
            {
                var target = Path.Combine(Path.GetDirectoryName(markdown)!, link.Groups[1].Value);
                Assert.IsTrue(File.Exists(target) || Directory.Exists(target), $"{Path.GetFileName(markdown)} links to {link.Groups[1].Value}, which does not exist");
            }
        }
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
