using System.Reflection;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Tests.RoundTrip;

/// <summary>
/// Walks the definition model by reflection: every concrete type reachable from the three job kinds, every public
/// settable or init property of each, and a sample value for it that differs from the type's minimal instance.
/// A new model type or property is picked up without touching this file; only a type with no minimal instance in
/// <see cref="ModelSamples"/> fails (<see cref="PropertyRoundTripTests"/> says which).
/// </summary>
internal static class ModelWalk
{
    /// <summary>The job kinds a definition starts from.</summary>
    public static readonly Type[] Roots = [typeof(CommandJob), typeof(PipelineJob), typeof(SweepJob)];

    private static readonly Assembly ModelAssembly = typeof(JobDefinition).Assembly;

    /// <summary>
    /// Where a type is placed when the first path the walk meets is not where it belongs: a constant only exists
    /// inside a choice group.
    /// </summary>
    private static readonly Dictionary<Type, (Type Owner, string Property)> PreferredRoutes = new()
    {
        [typeof(ConstantParameter)] = (typeof(ChoiceOption), nameof(ChoiceOption.Group)),
    };

    /// <summary>A property of a concrete model type and the owner-and-property by which that type is placed in a job.</summary>
    public sealed record Route(Type Owner, PropertyInfo Property);

    /// <summary>Every concrete model type reachable from <see cref="Roots"/>, in the order first met, with how it is placed (null: a root).</summary>
    public static IReadOnlyList<(Type Type, Route? Route)> Types { get; } = Walk();

    /// <summary>The public properties of <paramref name="type"/> a caller can set (<c>init</c> included).</summary>
    public static IEnumerable<PropertyInfo> SettableProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.MetadataToken);

    /// <summary>Whether <paramref name="type"/> is a model type walked into (not a value such as a string, a literal or an extensible enum).</summary>
    public static bool IsModel(Type type) =>
        type.Assembly == ModelAssembly && type.Namespace == typeof(JobDefinition).Namespace && type.IsClass
        && type != typeof(FreeformValue) && !IsContainer(type);

    /// <summary>The concrete model types a value of <paramref name="type"/> may be.</summary>
    public static IEnumerable<Type> ConcreteTypes(Type type) =>
        type.IsAbstract
            ? ModelAssembly.GetTypes().Where(t => t.IsPublic && !t.IsAbstract && type.IsAssignableFrom(t)).OrderBy(t => t.MetadataToken)
            : [type];

    /// <summary>The element type of a <see cref="ValueMap{TValue}"/> or <see cref="ValueList{T}"/>, or the type itself (nullable unwrapped).</summary>
    public static Type ElementType(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return IsContainer(type) ? type.GetGenericArguments()[0] : type;
    }

    public static bool IsMap(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueMap<>);

    public static bool IsList(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueList<>);

    private static bool IsContainer(Type type) => IsMap(type) || IsList(type);

    /// <summary>A copy of a record with one property set (what <c>with { P = value }</c> does).</summary>
    public static object With(object record, PropertyInfo property, object? value)
    {
        var clone = record.GetType().GetMethod("<Clone>$")!.Invoke(record, null)!;
        property.SetValue(clone, value);
        return clone;
    }

    /// <summary>A map of one entry <c>k</c>, or a list of one item, of the container type <paramref name="container"/>; the value itself otherwise.</summary>
    public static object? Wrap(Type container, object? value)
    {
        container = Nullable.GetUnderlyingType(container) ?? container;
        if (IsMap(container)) return typeof(ModelWalk).GetMethod(nameof(MapOf), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(container.GetGenericArguments()[0]).Invoke(null, [value]);
        if (IsList(container)) return typeof(ModelWalk).GetMethod(nameof(ListOf), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(container.GetGenericArguments()[0]).Invoke(null, [value]);
        return value;
    }

    private static ValueMap<T> MapOf<T>(T value) => ValueMap.Of(("k", value));

    private static ValueList<T> ListOf<T>(T value) => ValueList.Of(value);

    /// <summary>The job that holds <paramref name="value"/> where its route puts it, every other part minimal.</summary>
    public static JobDefinition Place(object value)
    {
        if (Placements.TryGetValue(value.GetType(), out var place)) return Place(place(value));
        var route = Types.Single(t => t.Type == value.GetType()).Route;
        if (route is null) return (JobDefinition)value;
        var owner = ModelSamples.Minimal(route.Owner);
        return Place(ModelSamples.With(owner, route.Property, Wrap(route.Property.PropertyType, value)));
    }

    /// <summary>
    /// Types whose home is not one property of a minimal owner: a binding input binds a step's input to its pipeline,
    /// and a component reference is tested on a step (as a sweep's trial reference, the first path the walk meets,
    /// the trial would have to be what the reference resolves to).
    /// </summary>
    private static readonly Dictionary<Type, Func<object, object>> Placements = new()
    {
        [typeof(BindingInput)] = binding => (PipelineStep)ModelSamples.Minimal(typeof(PipelineStep)) with
        {
            Job = new CommandJob { Inputs = ValueMap.Of(("k", (JobInput)binding)) },
        },
        // A step's kind is its job's: a pipeline component runs in a pipeline step.
        [typeof(ComponentReference)] = component => (PipelineStep)ModelSamples.Minimal(typeof(PipelineStep)) with
        {
            Component = (ComponentReference)component,
            Job = ((ComponentReference)component).Definition?.Body is PipelineJob ? new PipelineJob() : new CommandJob(),
        },
    };

    private static List<(Type, Route?)> Walk()
    {
        var found = new List<(Type, Route?)>();
        var queue = new Queue<Type>();
        foreach (var root in Roots)
        {
            found.Add((root, null));
            queue.Enqueue(root);
        }
        while (queue.Count > 0)
        {
            var owner = queue.Dequeue();
            foreach (var property in SettableProperties(owner))
            {
                var element = ElementType(property.PropertyType);
                if (!IsModel(element)) continue;
                foreach (var concrete in ConcreteTypes(element))
                {
                    if (found.Any(f => f.Item1 == concrete)) continue;
                    var route = PreferredRoutes.TryGetValue(concrete, out var preferred)
                        ? new Route(preferred.Owner, preferred.Owner.GetProperty(preferred.Property)!)
                        : new Route(owner, property);
                    found.Add((concrete, route));
                    queue.Enqueue(concrete);
                }
            }
        }
        return found;
    }
}
