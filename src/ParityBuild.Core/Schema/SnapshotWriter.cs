using System.Globalization;
using System.Text;
using ParityBuild.Core.Manifests;

namespace ParityBuild.Core.Schema;

/// <summary>
/// Writes a schema snapshot deterministically — sorted by schema and name, one column, constraint, index, trigger or
/// routine per line, LF, 2-space indent, trailing newline — so that a migration's effect shows up in review as the lines it adds.
/// Writes atomically, and only when the bytes change.
/// </summary>
public static class SnapshotWriter
{
    public static string Serialize(SchemaSnapshot snapshot)
    {
        snapshot = snapshot.Sorted();
        var text = new StringBuilder();
        text.Append("{\n");
        text.Append("  \"formatVersion\": ").Append(SchemaSnapshot.CurrentFormatVersion).Append(",\n");
        text.Append("  \"engine\": ").Append(Quote(snapshot.Engine)).Append(",\n");
        text.Append("  \"serverVersion\": ").Append(Quote(snapshot.ServerVersion)).Append(",\n");
        text.Append("  \"migrationsDigest\": ").Append(Quote(snapshot.MigrationsDigest)).Append(",\n");
        text.Append("  \"schemas\": [").Append(string.Join(", ", snapshot.Schemas.Select(Quote))).Append("],\n");
        List("enums", snapshot.Enums, 2, text, type => $"{{ \"schema\": {Quote(type.Schema)}, \"name\": {Quote(type.Name)}, \"labels\": [{string.Join(", ", type.Labels.Select(Quote))}] }}");
        text.Append(",\n");
        List("sequences", snapshot.Sequences, 2, text, sequence => $"{{ \"schema\": {Quote(sequence.Schema)}, \"name\": {Quote(sequence.Name)}, \"definition\": {Quote(sequence.Definition)} }}");
        text.Append(",\n");
        text.Append("  \"tables\": [");
        for (var t = 0; t < snapshot.Tables.Count; t++)
        {
            var table = snapshot.Tables[t];
            text.Append(t == 0 ? "\n" : ",\n");
            text.Append("    {\n");
            text.Append("      \"schema\": ").Append(Quote(table.Schema)).Append(",\n");
            text.Append("      \"name\": ").Append(Quote(table.Name)).Append(",\n");
            List("columns", table.Columns, 6, text, Column);
            text.Append(",\n");
            List("constraints", table.Constraints, 6, text, constraint => $"{{ \"name\": {Quote(constraint.Name)}, \"kind\": {Quote(constraint.Kind)}, \"definition\": {Quote(constraint.Definition)} }}");
            text.Append(",\n");
            List("indexes", table.Indexes, 6, text, Index);
            text.Append(",\n");
            List("triggers", table.Triggers, 6, text, trigger => $"{{ \"name\": {Quote(trigger.Name)}, \"definition\": {Quote(trigger.Definition)} }}");
            text.Append("\n    }");
        }

        text.Append(snapshot.Tables.Count == 0 ? "],\n" : "\n  ],\n");
        List("views", snapshot.Views, 2, text, view => $"{{ \"schema\": {Quote(view.Schema)}, \"name\": {Quote(view.Name)}, \"definition\": {Quote(view.Definition)} }}");
        if (snapshot.Routines is { } routines)
        {
            text.Append(",\n");
            List("routines", routines, 2, text, routine => $"{{ \"schema\": {Quote(routine.Schema)}, \"name\": {Quote(routine.Name)}, \"kind\": {Quote(routine.Kind)}, \"arguments\": {Quote(routine.Arguments)}, \"definition\": {Quote(routine.Definition)} }}");
        }

        text.Append("\n}\n");
        return text.ToString();
    }

    /// <summary>Writes the file through a temporary file and a rename; returns false when the content was already the same.</summary>
    public static bool Write(string path, SchemaSnapshot snapshot) =>
        AtomicFile.WriteIfChanged(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(Serialize(snapshot)));

    private static void List<T>(string name, IReadOnlyList<T> items, int indent, StringBuilder text, Func<T, string> line)
    {
        var pad = new string(' ', indent);
        text.Append(pad).Append('"').Append(name).Append("\": [");
        for (var i = 0; i < items.Count; i++)
        {
            text.Append(i == 0 ? "\n" : ",\n").Append(pad).Append("  ").Append(line(items[i]));
        }

        text.Append(items.Count == 0 ? "]" : $"\n{pad}]");
    }

    // Optional attributes are left out when absent, so that a line shows only what the column has.
    private static string Column(ColumnSchema column)
    {
        var text = new StringBuilder();
        text.Append("{ \"name\": ").Append(Quote(column.Name)).Append(", \"type\": ").Append(Quote(column.Type));
        text.Append(", \"nullable\": ").Append(column.Nullable ? "true" : "false");
        Optional(text, "default", column.Default);
        Optional(text, "identity", column.Identity);
        Optional(text, "collation", column.Collation);
        Optional(text, "generated", column.Generated);
        return text.Append(" }").ToString();
    }

    private static string Index(IndexSchema index)
    {
        var text = new StringBuilder();
        text.Append("{ \"name\": ").Append(Quote(index.Name)).Append(", \"unique\": ").Append(index.Unique ? "true" : "false");
        text.Append(", \"method\": ").Append(Quote(index.Method)).Append(", \"columns\": ").Append(Quote(index.Columns));
        Optional(text, "where", index.Where);
        return text.Append(" }").ToString();
    }

    private static void Optional(StringBuilder text, string name, string? value)
    {
        if (value is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $", \"{name}\": ").Append(Quote(value));
        }
    }

    private static string Quote(string? value) => value is null ? "null" : ManifestWriter.Quote(value);
}
