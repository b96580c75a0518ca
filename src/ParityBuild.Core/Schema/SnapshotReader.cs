using System.Text.Json;
using ParityBuild.Core.Manifests;

namespace ParityBuild.Core.Schema;

/// <summary>
/// Reads a schema snapshot strictly: merge-conflict markers, invalid JSON, a wrong type, an unknown property (a typo
/// would otherwise silently drop an attribute from the comparison), a duplicate object or an unknown format version is a
/// <see cref="SnapshotException"/> with the line, never a comparison against wrong data.
/// </summary>
public static class SnapshotReader
{
    public static SnapshotDocument Read(string path) => Parse(File.ReadAllBytes(path));

    public static SnapshotDocument Parse(byte[] bytes)
    {
        var offset = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        var lines = new LineMap(bytes, offset, bytes.Length);
        var content = bytes.AsSpan(offset);
        var conflict = ManifestReader.FindConflictMarker(content);
        if (conflict > 0)
        {
            throw new SnapshotException("it holds git merge-conflict markers: two branches changed the schema. Resolve the conflict, or capture the snapshot again with 'dotnet build -t:ParitySchemaCapture' from a database migrated with the merged scripts.", conflict);
        }

        try
        {
            var reader = new Utf8JsonReader(content, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read())
            {
                throw new Invalid("it is empty.", -1);
            }

            var root = Node.Parse(ref reader);
            if (reader.Read())
            {
                throw new Invalid("it has content after the closing brace.", reader.TokenStartIndex);
            }

            var positions = new Dictionary<string, long>(StringComparer.Ordinal);
            var snapshot = ReadSnapshot(root, positions);
            return new SnapshotDocument(snapshot, positions.ToDictionary(pair => pair.Key, pair => lines.LineOf(pair.Value), StringComparer.Ordinal));
        }
        catch (Invalid error)
        {
            throw new SnapshotException(error.Message, error.At < 0 ? 0 : lines.LineOf(error.At));
        }
        catch (JsonException exception)
        {
            var line = exception.LineNumber is { } number ? (int)number + 1 : 0;
            throw new SnapshotException($"it is not valid JSON ({ManifestReader.FirstSentence(exception.Message)})", line);
        }
    }

    private static SchemaSnapshot ReadSnapshot(Node root, Dictionary<string, long> positions)
    {
        root.Expect(JsonTokenType.StartObject, "the snapshot");
        root.Only("formatVersion", "engine", "serverVersion", "migrationsDigest", "schemas", "enums", "sequences", "tables", "views", "routines");
        var format = root.Required("formatVersion");
        if (format.Type != JsonTokenType.Number || format.Text != SchemaSnapshot.CurrentFormatVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new Invalid($"its formatVersion is {format.Text}, but this version of ParityBuild reads formatVersion {SchemaSnapshot.CurrentFormatVersion}. Update the ParityBuild package (or capture the snapshot again).", format.At);
        }

        var engine = root.String("engine");
        if (engine is not (SchemaSnapshot.Postgres or SchemaSnapshot.MySql))
        {
            throw new Invalid($"its engine is '{engine}'; expected '{SchemaSnapshot.Postgres}' or '{SchemaSnapshot.MySql}'.", root.Required("engine").At);
        }

        var schemas = root.Array("schemas").Select(node => node.AsString("a schema")).ToList();
        if (schemas.Count == 0 || schemas.Distinct(StringComparer.Ordinal).Count() != schemas.Count)
        {
            throw new Invalid("'schemas' must name at least one schema, each once.", root.Required("schemas").At);
        }

        var enums = root.Array("enums").Select(node =>
        {
            node.Only("schema", "name", "labels");
            var type = new EnumSchema(node.String("schema"), node.String("name"), [.. node.Array("labels").Select(label => label.AsString("a label"))]);
            Add(positions, SchemaItem.KeyOf(SchemaObjectKind.Enum, type.Schema, null, type.Name), node, "enum type", $"{type.Schema}.{type.Name}");
            return type;
        }).ToList();
        var sequences = ReadDefined(root, "sequences", SchemaObjectKind.Sequence, positions, (schema, name, definition) => new SequenceSchema(schema, name, definition));
        var tables = root.Array("tables").Select(node => ReadTable(node, positions)).ToList();
        var views = ReadDefined(root, "views", SchemaObjectKind.View, positions, (schema, name, definition) => new ViewSchema(schema, name, definition));

        // Absent in a snapshot captured before functions and procedures were: null, not empty (see SchemaSnapshot.Routines).
        var routines = root.Has("routines") ? root.Array("routines").Select(node => ReadRoutine(node, positions)).ToList() : null;

        return new SchemaSnapshot(engine, root.String("serverVersion"), root.OptionalString("migrationsDigest"), schemas, tables, views, sequences, enums, routines);
    }

    private static RoutineSchema ReadRoutine(Node node, Dictionary<string, long> positions)
    {
        node.Only("schema", "name", "kind", "arguments", "definition");
        var routine = new RoutineSchema(node.String("schema"), node.String("name"), node.String("kind"), node.String("arguments"), node.OptionalString("definition"));
        if (routine.Kind is not (RoutineSchema.Function or RoutineSchema.Procedure))
        {
            throw new Invalid($"the routine {routine.Schema}.{routine.Signature} has the kind '{routine.Kind}'; expected '{RoutineSchema.Function}' or '{RoutineSchema.Procedure}'.", node.Required("kind").At);
        }

        Add(positions, SchemaItem.KeyOf(routine.ObjectKind, routine.Schema, null, routine.Signature), node, routine.Kind, $"{routine.Schema}.{routine.Signature}");
        return routine;
    }

    /// <summary>Sequences and views: a schema, a name and a definition each.</summary>
    private static List<T> ReadDefined<T>(Node root, string property, SchemaObjectKind kind, Dictionary<string, long> positions, Func<string, string, string, T> create) =>
        [.. root.Array(property).Select(node =>
        {
            node.Only("schema", "name", "definition");
            var (schema, name) = (node.String("schema"), node.String("name"));
            Add(positions, SchemaItem.KeyOf(kind, schema, null, name), node, SchemaItem.KindName(kind), $"{schema}.{name}");
            return create(schema, name, node.String("definition"));
        })];

    private static TableSchema ReadTable(Node node, Dictionary<string, long> positions)
    {
        node.Expect(JsonTokenType.StartObject, "a table");
        node.Only("schema", "name", "columns", "constraints", "indexes", "triggers");
        var schema = node.String("schema");
        var name = node.String("name");
        var display = $"{schema}.{name}";
        Add(positions, SchemaItem.KeyOf(SchemaObjectKind.Table, schema, null, name), node, "table", display);
        var columns = node.Array("columns").Select(column =>
        {
            column.Only("name", "type", "nullable", "default", "identity", "collation", "generated");
            var read = new ColumnSchema(
                column.String("name"), column.String("type"), column.Bool("nullable"), column.OptionalString("default"),
                column.OptionalString("identity"), column.OptionalString("collation"), column.OptionalString("generated"));
            Add(positions, SchemaItem.KeyOf(SchemaObjectKind.Column, schema, name, read.Name), column, "column", $"{display}.{read.Name}");
            return read;
        }).ToList();
        var constraints = node.Array("constraints").Select(constraint =>
        {
            constraint.Only("name", "kind", "definition");
            var read = new ConstraintSchema(constraint.String("name"), constraint.String("kind"), constraint.String("definition"));
            Add(positions, SchemaItem.KeyOf(SchemaObjectKind.Constraint, schema, name, read.Name), constraint, "constraint", $"{read.Name} on {display}");
            return read;
        }).ToList();
        var indexes = node.Array("indexes").Select(index =>
        {
            index.Only("name", "unique", "method", "columns", "where");
            var read = new IndexSchema(index.String("name"), index.Bool("unique"), index.String("method"), index.String("columns"), index.OptionalString("where"));
            Add(positions, SchemaItem.KeyOf(SchemaObjectKind.Index, schema, name, read.Name), index, "index", $"{read.Name} on {display}");
            return read;
        }).ToList();
        var triggers = node.Array("triggers").Select(trigger =>
        {
            trigger.Only("name", "definition");
            var read = new TriggerSchema(trigger.String("name"), trigger.String("definition"));
            Add(positions, SchemaItem.KeyOf(SchemaObjectKind.Trigger, schema, name, read.Name), trigger, "trigger", $"{read.Name} on {display}");
            return read;
        }).ToList();
        return new TableSchema(schema, name, columns, constraints, indexes, triggers);
    }

    private static void Add(Dictionary<string, long> positions, string key, Node node, string kind, string display)
    {
        if (!positions.TryAdd(key, node.At))
        {
            throw new Invalid($"the {kind} {display} appears twice.", node.At);
        }
    }

    /// <summary>A refusal at a byte offset (-1: none), turned into a line by <see cref="Parse"/>.</summary>
    private sealed class Invalid(string message, long at) : Exception(message)
    {
        public long At { get; } = at;
    }

    /// <summary>A JSON value and where it starts: the snapshot is small enough to read whole, and every error needs a line.</summary>
    private sealed class Node
    {
        private Node(JsonTokenType type, long at)
        {
            Type = type;
            At = at;
        }

        public JsonTokenType Type { get; }

        public long At { get; }

        public string? Text { get; private init; }

        private List<(string Name, Node Value)> Properties { get; } = [];

        private List<Node> Items { get; } = [];

        public static Node Parse(ref Utf8JsonReader reader)
        {
            var at = reader.TokenStartIndex;
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    var obj = new Node(JsonTokenType.StartObject, at);
                    while (Next(ref reader) != JsonTokenType.EndObject)
                    {
                        var name = reader.GetString()!;
                        var nameAt = reader.TokenStartIndex;
                        if (obj.Properties.Any(property => property.Name == name))
                        {
                            throw new Invalid($"the property '{name}' appears twice in one object.", nameAt);
                        }

                        Next(ref reader);
                        obj.Properties.Add((name, Parse(ref reader)));
                    }

                    return obj;
                case JsonTokenType.StartArray:
                    var array = new Node(JsonTokenType.StartArray, at);
                    while (Next(ref reader) != JsonTokenType.EndArray)
                    {
                        array.Items.Add(Parse(ref reader));
                    }

                    return array;
                case JsonTokenType.String:
                    return new Node(JsonTokenType.String, at) { Text = reader.GetString() };
                case JsonTokenType.Number:
                    return new Node(JsonTokenType.Number, at) { Text = System.Text.Encoding.UTF8.GetString(reader.ValueSpan) };
                case JsonTokenType.True or JsonTokenType.False:
                    return new Node(reader.TokenType, at) { Text = reader.TokenType == JsonTokenType.True ? "true" : "false" };
                default:
                    return new Node(reader.TokenType, at) { Text = "null" };
            }
        }

        public void Expect(JsonTokenType type, string what)
        {
            if (Type != type)
            {
                throw new Invalid($"{what} must be {Describe(type)}, not {Describe(Type)}.", At);
            }
        }

        public void Only(params string[] names)
        {
            Expect(JsonTokenType.StartObject, "an entry");
            foreach (var (name, value) in Properties)
            {
                if (!names.Contains(name))
                {
                    throw new Invalid($"'{name}' is not a property this version of ParityBuild knows here (expected {string.Join(", ", names)}).", value.At);
                }
            }
        }

        public Node Required(string name) =>
            Properties.FirstOrDefault(property => property.Name == name).Value ?? throw new Invalid($"the property '{name}' is missing.", At);

        public string String(string name) => Required(name).AsString($"'{name}'");

        public bool Has(string name) => Properties.Any(property => property.Name == name);

        public string? OptionalString(string name)
        {
            var value = Properties.FirstOrDefault(property => property.Name == name).Value;
            return value is null || value.Type == JsonTokenType.Null ? null : value.AsString($"'{name}'");
        }

        public bool Bool(string name)
        {
            var value = Required(name);
            return value.Type switch
            {
                JsonTokenType.True => true,
                JsonTokenType.False => false,
                _ => throw new Invalid($"'{name}' must be true or false, not {Describe(value.Type)}.", value.At),
            };
        }

        public IReadOnlyList<Node> Array(string name)
        {
            var value = Required(name);
            value.Expect(JsonTokenType.StartArray, $"'{name}'");
            return value.Items;
        }

        public string AsString(string what)
        {
            Expect(JsonTokenType.String, what);
            return Text!;
        }

        private static JsonTokenType Next(ref Utf8JsonReader reader)
        {
            if (!reader.Read())
            {
                throw new Invalid("it ends too early (truncated?).", -1);
            }

            return reader.TokenType;
        }

        private static string Describe(JsonTokenType type) => ManifestReader.Describe(type);
    }
}
