using System.Text;
using System.Text.RegularExpressions;

namespace ParityBuild.Core.Scripts.Liquibase;

/// <summary>A Liquibase "formatted SQL" changelog, split into changesets exactly as Liquibase's parser splits it.</summary>
/// <remarks>
/// Follows liquibase/liquibase liquibase-standard/src/main/java/liquibase/parser/AbstractFormattedChangeLogParser.java
/// and liquibase-standard/.../parser/core/formattedsql/FormattedSqlChangeLogParser.java (checked against the 4.x
/// liquibase-core/.../formattedsql/FormattedSqlChangeLogParser.java the V8 era used): the same line regexes, matched
/// against whole lines, in the same order, so a line Liquibase takes as a directive (even <c>-- rollback is manual</c>)
/// is never part of the SQL, and every other line inside a changeset is, comments included.
/// </remarks>
public sealed partial class FormattedSqlChangelog
{
    private FormattedSqlChangelog(IReadOnlyList<FormattedSqlChangeset> changesets, string? logicalFilePath)
    {
        Changesets = changesets;
        LogicalFilePath = logicalFilePath;
    }

    public IReadOnlyList<FormattedSqlChangeset> Changesets { get; }

    /// <summary>The <c>logicalFilePath:</c> of the <c>--liquibase formatted sql</c> line, if any.</summary>
    public string? LogicalFilePath { get; }

    /// <summary>True when the first non-blank line is <c>--liquibase formatted sql</c>, the test Liquibase uses to pick this parser.</summary>
    public static bool IsFormattedSql(string text)
    {
        foreach (var line in ReadLines(StripBom(text)))
        {
            if (line.Trim().Length > 0)
            {
                return FirstLine().IsMatch(line);
            }
        }

        return false;
    }

    /// <param name="text">The changelog, already decoded.</param>
    /// <param name="parameters">Changelog parameters given to Liquibase from outside (they win over <c>--property</c> lines).</param>
    /// <exception cref="FormattedSqlChangelogException">Liquibase would refuse the changelog.</exception>
    public static FormattedSqlChangelog Parse(string text, IReadOnlyDictionary<string, string>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (parameters is not null)
        {
            foreach (var (name, value) in parameters)
            {
                properties[name] = value;
            }
        }

        var changesets = new List<FormattedSqlChangeset>();
        string? logicalFilePath = null;
        var lines = ReadLines(StripBom(text));
        var body = new StringBuilder();
        var rollback = new StringBuilder();
        FormattedSqlChangeset? current = null;
        for (var index = 0; index < lines.Count; index++)
        {
            var line = lines[index];
            var number = index + 1;
            if (Property().Match(line) is { Success: true })
            {
                AddProperty(properties, line);
                continue;
            }

            if (AltProperty().IsMatch(line))
            {
                throw Unexpected(number, "--property name=<property name> value=<property value>");
            }

            if (FirstLine().IsMatch(line))
            {
                logicalFilePath = Group(LogicalFilePathAttribute(), line);
            }

            if (IgnoreLines().Match(line) is { Success: true } ignore)
            {
                index = SkipIgnoredLines(lines, index, ignore.Groups[1].Value);
                continue;
            }

            if (AltIgnoreLinesOneDash().IsMatch(line) || AltIgnore().IsMatch(line))
            {
                throw Unexpected(number, "--ignoreLines:<count|start>");
            }

            var changeset = Changeset().Match(line);
            if (changeset.Success)
            {
                var previousSql = Expand(TrimToNull(body.ToString()), properties);
                if (current is not null)
                {
                    current.Sql = previousSql ?? throw new FormattedSqlChangelogException($"No SQL for changeset {current.Author}:{current.Id}", number);
                    current.Rollback = TrimToNull(Expand(rollback.ToString(), properties));
                }

                current = StartChangeset(line, number, changeset, properties);
                changesets.Add(current);
                body.Clear();
                rollback.Clear();
                continue;
            }

            if (AltChangesetOneDash().IsMatch(line) || AltChangesetNoOtherInfo().IsMatch(line))
            {
                throw Unexpected(number, "--changeset <authorname>:<changesetId>");
            }

            if (current is null)
            {
                if (Comment().IsMatch(line))
                {
                    throw new FormattedSqlChangelogException("formatted SQL changelogs do not allow comment lines outside of changesets", number);
                }

                continue;
            }

            index = ReadChangesetLine(lines, index, current, body, rollback);
        }

        if (current is not null)
        {
            // The 4.x parser sets the last changeset's SQL unconditionally; the Oracle "/" terminator is inferred only here.
            current.Sql = Expand(TrimToNull(body.ToString()), properties);
            if (current.EndDelimiter is null && (current.Sql ?? string.Empty).EndsWith("\n/", StringComparison.Ordinal))
            {
                current.EndDelimiter = "\n/$";
            }

            current.Rollback = TrimToNull(Expand(rollback.ToString(), properties));
        }

        return new FormattedSqlChangelog(changesets, logicalFilePath);
    }

    // Java's String.trim: everything up to U+0020 counts as blank, at both ends.
    internal static string? TrimToNull(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var start = 0;
        var end = value.Length;
        while (start < end && value[start] <= ' ')
        {
            start++;
        }

        while (end > start && value[end - 1] <= ' ')
        {
            end--;
        }

        return start == end ? null : value[start..end];
    }

    private static int ReadChangesetLine(List<string> lines, int index, FormattedSqlChangeset current, StringBuilder body, StringBuilder rollback)
    {
        var line = lines[index];
        var number = index + 1;
        if (Comment().Match(line) is { Success: true } comment)
        {
            current.Comment = comment.Groups[1].Value;
        }
        else if (AltCommentOneDash().IsMatch(line) || AltCommentPlural().IsMatch(line))
        {
            throw Unexpected(number, "--comment <comment>");
        }
        else if (ValidCheckSum().Match(line) is { Success: true } valid)
        {
            current.ValidCheckSumList.Add(valid.Groups[1].Value);
        }
        else if (AltValidCheckSumOneDash().IsMatch(line))
        {
            throw Unexpected(number, "--validChecksum <checksum>");
        }
        else if (RollbackLine().Match(line) is { Success: true } rollbackLine)
        {
            rollback.Append(rollbackLine.Groups[1].Value).Append('\n');
        }
        else if (AltRollbackOneDash().IsMatch(line))
        {
            throw Unexpected(number, "--rollback <rollback SQL>");
        }
        else if (RollbackBlockStart().IsMatch(line))
        {
            return ReadRollbackBlock(lines, index, rollback);
        }
        else if (Preconditions().IsMatch(line))
        {
            current.PreconditionList.Add(line);
        }
        else if (AltPreconditionsOneDash().IsMatch(line))
        {
            throw Unexpected(number, "--preconditions <onFail>|<onError>|<onUpdate>");
        }
        else if (Precondition().IsMatch(line))
        {
            current.PreconditionList.Add(line);
        }
        else if (AltPreconditionOneDash().IsMatch(line))
        {
            throw Unexpected(number, "--precondition-sql-check");
        }
        else if (InvalidEmptyPrecondition().IsMatch(line))
        {
            throw new FormattedSqlChangelogException("precondition without parameters", number);
        }
        else
        {
            body.Append(line).Append('\n');
        }

        return index;
    }

    // Lines of the block are appended without separators, as extractMultiLineRollBack does.
    private static int ReadRollbackBlock(List<string> lines, int index, StringBuilder rollback)
    {
        for (index++; index < lines.Count; index++)
        {
            var line = lines[index];
            if (RollbackBlockEnd().IsMatch(line))
            {
                var before = RollbackBlockEndSplit().Split(line)[0];
                if (before.Trim().Length > 0)
                {
                    rollback.Append(before);
                }

                return index;
            }

            rollback.Append(line);
        }

        throw new FormattedSqlChangelogException("Liquibase rollback comment is not closed", lines.Count);
    }

    private static int SkipIgnoredLines(List<string> lines, int index, string argument)
    {
        if (argument == "start")
        {
            for (index++; index < lines.Count; index++)
            {
                if (IgnoreLines().Match(lines[index]) is { Success: true } end)
                {
                    if (end.Groups[1].Value == "end")
                    {
                        return index;
                    }
                }
                else if (AltIgnoreLinesOneDash().IsMatch(lines[index]))
                {
                    throw Unexpected(index + 1, "--ignoreLines:end");
                }
            }

            return index;
        }

        if (!long.TryParse(argument, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var count))
        {
            throw new FormattedSqlChangelogException($"Unknown ignoreLines syntax: \"{argument}\"", index + 1);
        }

        return (int)Math.Min(lines.Count - 1L, index + Math.Max(0, count));
    }

    private static FormattedSqlChangeset StartChangeset(string line, int number, Match changeset, Dictionary<string, string> properties)
    {
        var authorGroup = changeset.Groups[1].Value;
        var idGroup = changeset.Groups[2].Value;

        // Liquibase re-checks that author:id appear together, so "--changeset bob: 1" is refused rather than read as id "1".
        var together = new Regex(
            "^(?:" + JavaRegex.Translate(@"\s*\-\-[\s]*changeset\s+") + Regex.Escape(authorGroup + ":" + idGroup) + JavaRegex.Translate(".*") + ")\\z",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        if (!JavaRegex.Matches(together, line))
        {
            throw Unexpected(number, "--changeset <authorname>:<changesetId>");
        }

        var id = Expand(StripEnclosingQuotes(idGroup), properties)!;
        if (id.Replace(":", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal).Length == 0)
        {
            throw new FormattedSqlChangelogException("the changeset id cannot be empty", number);
        }

        var author = Expand(StripEnclosingQuotes(authorGroup), properties)!;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, pattern) in AttributePatterns)
        {
            if (Group(pattern, line) is { } value)
            {
                attributes[name] = value;
            }
        }

        var result = new FormattedSqlChangeset(author, id, number, attributes);
        if (attributes.TryGetValue("splitStatements", out var split))
        {
            result.SplitStatements = IsTrue(split);
        }

        if (attributes.TryGetValue("stripComments", out var strip))
        {
            result.StripComments = IsTrue(strip);
        }

        result.EndDelimiter = attributes.GetValueOrDefault("endDelimiter");
        return result;
    }

    private static readonly (string Name, Regex Pattern)[] AttributePatterns =
    [
        ("stripComments", Attribute(@".*stripComments:(\w+).*")),
        // Case-insensitive like Liquibase's, so "rollbackSplitStatements:false" also turns splitStatements off.
        ("splitStatements", Attribute(@".*splitStatements:(\w+).*")),
        ("rollbackSplitStatements", Attribute(@".*rollbackSplitStatements:(\w+).*")),
        ("endDelimiter", Attribute(@".*\bendDelimiter:(\S*).*")),
        ("rollbackEndDelimiter", Attribute(@".*\brollbackEndDelimiter:(\S*).*")),
        ("runWith", Attribute(@".*runWith:([\w\$\{\}]+).*")),
        ("runWithSpoolFile", Attribute(@".*runWithSpoolFile:(.*).*")),
        ("runOnChange", Attribute(@".*runOnChange:(\w+).*")),
        ("runAlways", Attribute(@".*runAlways:(\w+).*")),
        ("context", Attribute(@".*context:("".*?""|\S*).*")),
        ("contextFilter", Attribute(@".*contextFilter:("".*?""|\S*).*")),
        ("logicalFilePath", Attribute(@".*logicalFilePath:(\S*).*")),
        ("labels", Attribute(@".*labels:("".*?""|\S*).*")),
        ("runInTransaction", Attribute(@".*runInTransaction:(\w+).*")),
        ("dbms", Attribute(@".*dbms:([^,][\w!,]+).*")),
        ("ignore", Attribute(@".*ignore:(\w*).*")),
        ("failOnError", Attribute(@".*failOnError:(\w+).*")),
    ];

    private static Regex Attribute(string javaPattern) =>
        new(JavaRegex.Anchored(javaPattern), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static string? Group(Regex pattern, string line)
    {
        var match = pattern.Match(line);
        return match.Success && match.Length == line.Length && match.Index == 0 ? match.Groups[1].Value : null;
    }

    // Java's Boolean.parseBoolean: anything but "true" (any case) is false.
    private static bool IsTrue(string value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    private static string StripEnclosingQuotes(string value) =>
        value.Length > 1 && ((value[0] == '"' && value[^1] == '"') || (value[0] == '\'' && value[^1] == '\'')) ? value[1..^1] : value;

    // The first definition wins in Liquibase, and parameters given from outside come before any in the file.
    private static void AddProperty(Dictionary<string, string> properties, string line)
    {
        var name = PropertyName().Match(line);
        var value = PropertyValue().Match(line);
        if (name.Success && value.Success)
        {
            properties.TryAdd(name.Groups[1].Value, value.Groups[1].Value);
        }
    }

    private static string? Expand(string? text, Dictionary<string, string> properties)
    {
        if (text is null || properties.Count == 0 || !text.Contains("${", StringComparison.Ordinal))
        {
            return text;
        }

        return PropertyReference().Replace(text, match => properties.TryGetValue(match.Groups[1].Value, out var value) ? value : match.Value);
    }

    private static FormattedSqlChangelogException Unexpected(int line, string expected) =>
        new($"unexpected formatting; formatted SQL changelogs require known formats such as '{expected}'", line);

    private static string StripBom(string text) => text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;

    // BufferedReader.readLine: LF, CR and CRLF end a line; a final terminator does not start another line.
    private static List<string> ReadLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '\n' or '\r')
            {
                lines.Add(text[start..i]);
                if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            lines.Add(text[start..]);
        }

        return lines;
    }

    // Patterns are Liquibase's, translated to .NET by JavaRegex and anchored at both ends (Java's Matcher.matches).
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    [GeneratedRegex(@"^(?:[ \t\n\x0B\f\r]*\-\-[ \t\n\x0B\f\r]*liquibase[ \t\n\x0B\f\r]*formatted[^\n\r\u0085\u2028\u2029]*)\z", Options)]
    private static partial Regex FirstLine();

    [GeneratedRegex(@"^(?:[ \t\n\x0B\f\r]*\-\-[ \t\n\x0B\f\r]*property[ \t\n\x0B\f\r]+([^\n\r\u0085\u2028\u2029]*:[^\n\r\u0085\u2028\u2029]*)[ \t\n\x0B\f\r]+([^\n\r\u0085\u2028\u2029]*:[^\n\r\u0085\u2028\u2029]*)[^\n\r\u0085\u2028\u2029]*)\z", Options)]
    private static partial Regex Property();

    [GeneratedRegex(@"^(?:[ \t\n\x0B\f\r]*?[-]+[ \t\n\x0B\f\r]*property[ \t\n\x0B\f\r][^\n\r\u0085\u2028\u2029]*)\z", Options)]
    private static partial Regex AltProperty();

    [GeneratedRegex(@"name:[ \t\n\x0B\f\r]*([^ \t\n\x0B\f\r]+)(?![^\n\r\u0085\u2028\u2029]*name:)", Options)]
    private static partial Regex PropertyName();

    [GeneratedRegex(@"value:[ \t\n\x0B\f\r]*([^ \t\n\x0B\f\r]+)(?![^\n\r\u0085\u2028\u2029]*value:)", Options)]
    private static partial Regex PropertyValue();

    [GeneratedRegex(@"\$\{([^}]+)\}")]
    private static partial Regex PropertyReference();

    [GeneratedRegex(@"^(?:[ \t\n\x0B\f\r]*\-\-[ \t\n\x0B\f\r]*changeset[ \t\n\x0B\f\r]+(""[^""]+""|[^:]+):[ \t\n\x0B\f\r]*(""[^""]+""|[^ \t\n\x0B\f\r]+)[^\n\r\u0085\u2028\u2029]*)\z", Options)]
    private static partial Regex Changeset();

    [GeneratedRegex(@"^(?:-[ \t\n\x0B\f\r]*changeset[ \t\n\x0B\f\r][^\n\r\u0085\u2028\u2029]*)\z", Options)]
    private static partial Regex AltChangesetOneDash();

    [GeneratedRegex(@"^(?:[ \t\n\x0B\f\r]*\-\-[ \t\n\x0B\f\r]*changeset[ \t\n\x0B\f\r]*[^\n\r\u0085\u2028\u2029]*)\z", Options)]
    private static partial Regex AltChangesetNoOtherInfo();

    [GeneratedRegex(@"^(?:[ \t\n\x0B\f\r]*\-\-[ \t\n\x0B\f\r]*rollback ([^\n\r\u0085\u2028\u2029]*))\z", Options)]
    private static partial Regex RollbackLine();

    [GeneratedRegex(@"^(?:[ \t\n\x0B\f\r]*-[ \t\n\x0B\f\r]*rollback[ \t\n\x0B\f\r][^\n\r\u0085\u2028\u2029]*)\z", Options)]
    private static partial Regex AltRollbackOneDash();

    [GeneratedRegex(@"^(?:[ \t\n\x0B\f\r]*\-\-[ \t\n\x0B\f\r]*preconditions([^\n\r\u0085\u2028\u2029]*))\z", Options)]
    private static partial Regex Preconditions();

    [GeneratedRegex(@"^(?:[ \t\n\x0B\f\r]*-[ \t\n\x0B\f\r]*preconditions[ \t\n\x0B\f\r][^\n\r\u0085\u2028\u2029]*)\z", Options)]
    private static partial Regex AltPreconditionsOneDash();

    [GeneratedRegex(@"^(?:[ \t\n\x0B\f\r]*\-\-[ \t\n\x0B\f\r]*precondition\-([a-zA-Z0-9-]+) ([^\n\r\u0085\u2028\u2029]*))\z", Options)]
    private static partial Regex Precondition();

    [GeneratedRegex(@"^(?:[ \t\n\x0B\f\r]*\-\-[ \t\n\x0B\f\r]*precondition\-([a-zA-Z0-9-]+))\z", Options)]
    private static partial Regex InvalidEmptyPrecondition();

    [GeneratedRegex(@"^(?:[ \t\n\x0B\f\r]*-[ \t\n\x0B\f\r]*precondition([^\n\r\u0085\u2028\u2029]*))\z", Options)]
    private static partial Regex AltPreconditionOneDash();

    [GeneratedRegex(@"^(?:\-\-[ \t\n\x0B\f\r]*comment:? ([^\n\r\u0085\u2028\u2029]*))\z", Options)]
    private static partial Regex Comment();

    [GeneratedRegex(@"^(?:\-\-[ \t\n\x0B\f\r]*comments:? ([^\n\r\u0085\u2028\u2029]*))\z", Options)]
    private static partial Regex AltCommentPlural();

    [GeneratedRegex(@"^(?:-[ \t\n\x0B\f\r]*comment:? ([^\n\r\u0085\u2028\u2029]*))\z", Options)]
    private static partial Regex AltCommentOneDash();

    [GeneratedRegex(@"^(?:\-\-[ \t\n\x0B\f\r]*validCheckSum:? ([^\n\r\u0085\u2028\u2029]*))\z", Options)]
    private static partial Regex ValidCheckSum();

    [GeneratedRegex(@"^(?:-[ \t\n\x0B\f\r]*validCheckSum([^\n\r\u0085\u2028\u2029]*))\z", Options)]
    private static partial Regex AltValidCheckSumOneDash();

    [GeneratedRegex(@"^(?:\-\-[ \t\n\x0B\f\r]*ignoreLines:([a-zA-Z0-9_]+))\z", Options)]
    private static partial Regex IgnoreLines();

    [GeneratedRegex(@"^(?:-[ \t\n\x0B\f\r]*?ignoreLines:([a-zA-Z0-9_]+)[^\n\r\u0085\u2028\u2029]*)\z", Options)]
    private static partial Regex AltIgnoreLinesOneDash();

    [GeneratedRegex(@"^(?:\-\-[ \t\n\x0B\f\r]*ignore:([a-zA-Z0-9_]+))\z", Options)]
    private static partial Regex AltIgnore();

    [GeneratedRegex(@"^(?:[ \t\n\x0B\f\r]*/\*[ \t\n\x0B\f\r]*liquibase[ \t\n\x0B\f\r]*rollback[ \t\n\x0B\f\r]*)\z", Options)]
    private static partial Regex RollbackBlockStart();

    [GeneratedRegex(@"^(?:[^\n\r\u0085\u2028\u2029]*[ \t\n\x0B\f\r]*\*/[ \t\n\x0B\f\r]*)\z", Options)]
    private static partial Regex RollbackBlockEnd();

    [GeneratedRegex(@"\*/[ \t\n\x0B\f\r]*$", Options)]
    private static partial Regex RollbackBlockEndSplit();

    [GeneratedRegex(@"^(?:[^\n\r\u0085\u2028\u2029]*logicalFilePath:([^ \t\n\x0B\f\r]*)[^\n\r\u0085\u2028\u2029]*)\z", Options)]
    private static partial Regex LogicalFilePathAttribute();

    /// <summary>Java regex syntax to .NET for the subset Liquibase uses: ASCII <c>\s</c>, <c>\S</c>, <c>\w</c> and Java's <c>.</c>.</summary>
    private static class JavaRegex
    {
        private const string Space = @" \t\n\x0B\f\r";

        public static string Translate(string java)
        {
            var result = new StringBuilder();
            var inClass = false;
            for (var i = 0; i < java.Length; i++)
            {
                var c = java[i];
                if (c == '\\' && i + 1 < java.Length)
                {
                    var next = java[++i];
                    result.Append(next switch
                    {
                        's' => inClass ? Space : $"[{Space}]",
                        'S' => $"[^{Space}]",
                        'w' => inClass ? "a-zA-Z0-9_" : "[a-zA-Z0-9_]",
                        _ => "\\" + next,
                    });
                    continue;
                }

                if (c == '[')
                {
                    inClass = true;
                }
                else if (c == ']')
                {
                    inClass = false;
                }
                else if (c == '.' && !inClass)
                {
                    result.Append(@"[^\n\r\u0085\u2028\u2029]");
                    continue;
                }

                result.Append(c);
            }

            return result.ToString();
        }

        // Java's Matcher.matches: the whole line.
        public static string Anchored(string java) => "^(?:" + Translate(java) + ")\\z";

        public static bool Matches(Regex pattern, string line) => pattern.IsMatch(line);
    }
}
