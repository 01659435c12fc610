using System.Collections.ObjectModel;

namespace TrainingJobs.Sdk.Jobs;

/// <summary>
/// Read-only copies for the collections of output models, so that a caller cannot cast a returned list or map
/// back to a mutable one and change what the client (or another caller) sees.
/// </summary>
internal static class ReadOnlyCopy
{
    public static ReadOnlyCollection<T> List<T>(IEnumerable<T> items) =>
        items as ReadOnlyCollection<T> ?? items.ToList().AsReadOnly();

    public static ReadOnlyDictionary<TKey, TValue> Map<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> items)
        where TKey : notnull =>
        items as ReadOnlyDictionary<TKey, TValue> ?? new Dictionary<TKey, TValue>(items, ComparerOf(items)).AsReadOnly();

    public static ReadOnlyDictionary<string, IReadOnlyList<TValue>> MapOfLists<TValue>(IReadOnlyDictionary<string, IReadOnlyList<TValue>> items) =>
        new Dictionary<string, IReadOnlyList<TValue>>(items.Select(p => KeyValuePair.Create(p.Key, (IReadOnlyList<TValue>)List(p.Value))), ComparerOf(items)).AsReadOnly();

    // Keep the comparer of a dictionary given (tags are ordinal, but a caller's map may ignore case).
    private static IEqualityComparer<TKey>? ComparerOf<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> items)
        where TKey : notnull =>
        (items as Dictionary<TKey, TValue>)?.Comparer;
}
