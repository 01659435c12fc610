using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Yaml.Reading;

/// <summary>Reads mappings and lists whose items are read one by one; an item that cannot be read is reported and left out.</summary>
internal static class CollectionFields
{
    /// <summary>
    /// Reads a mapping of names to text values (tags, properties, environment variables); a null value is empty text.
    /// With <paramref name="nullValues"/> false a null value is also refused, as azure-ai-ml refuses it in
    /// <c>environment_variables</c> (its tags and properties allow null values).
    /// </summary>
    public static ValueMap<string> ReadStringMap(this ReadingContext context, TreeNode node, string path, bool nullValues = true)
    {
        var entries = new List<KeyValuePair<string, string>>();
        context.ForEach(node, path, "names to text values", (key, value, childPath) =>
        {
            if (context.RefuseNullKey(key, path)) return;
            if (value is TreeScalar scalar)
            {
                if (!nullValues) context.RefuseNull(scalar, childPath, $"'{key.Value}' in {ReadingContext.LastSegment(path)}");
                entries.Add(new(key.Value, scalar.IsNull ? "" : scalar.Value));
            }
            else
            {
                context.WrongType(value, childPath, $"'{key.Value}' must be a text value");
            }
        });
        return ValueMap<string>.From(entries);
    }

    /// <summary>
    /// Reads a list of text values; a single value is a list of one. A null item (<c>[a, ~]</c>) is refused and left out:
    /// azure-ai-ml reads these lists as <c>fields.List(fields.Str())</c>, whose items refuse null.
    /// </summary>
    public static ValueList<string> ReadStringList(this ReadingContext context, TreeNode node, string path)
    {
        if (node is TreeScalar { IsNull: true }) return ValueList<string>.Empty;
        if (node is TreeScalar single) return ValueList.Of(single.Value);
        if (node is not TreeSequence sequence)
        {
            context.WrongType(node, path, $"'{ReadingContext.LastSegment(path)}' must be a list of text values");
            return ValueList<string>.Empty;
        }
        var items = new List<string>();
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var itemPath = DiagnosticPath.Index(path, i);
            if (sequence.Items[i] is TreeScalar scalar)
            {
                if (!context.RefuseNull(scalar, itemPath, $"Item {i} of '{ReadingContext.LastSegment(path)}'")) items.Add(scalar.Value);
            }
            else context.WrongType(sequence.Items[i], itemPath, "each item must be a text value");
        }
        return ValueList<string>.From(items);
    }

    /// <summary>Reads a mapping of names to values that <paramref name="readItem"/> reads.</summary>
    public static ValueMap<T> ReadMap<T>(this ReadingContext context, TreeNode node, string path, Func<TreeNode, string, ReadingContext, T?> readItem)
        where T : class
    {
        var entries = new List<KeyValuePair<string, T>>();
        context.ForEach(node, path, "names to values", (key, value, childPath) =>
        {
            if (context.RefuseNullKey(key, path)) return;
            if (readItem(value, childPath, context) is { } item) entries.Add(new(key.Value, item));
        });
        return ValueMap<T>.From(entries);
    }
}
