using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Building;

/// <summary>
/// Declares the handles a job uses but did not declare itself. An explicit declaration always wins; two
/// different handles with one name and no explicit declaration are a conflict (<see cref="BuilderDiagnosticCodes.ConflictingHandles"/>).
/// </summary>
internal static class HandleDeclarations
{
    public static ValueMap<JobInput> Declare(ValueMap<JobInput> declared, IEnumerable<InputHandle> used, BuilderContext context, string path) =>
        Declare(declared, used, h => h.Name, h => h.Declaration, "inputs", context, path);

    public static ValueMap<JobOutput> Declare(ValueMap<JobOutput> declared, IEnumerable<OutputHandle> used, BuilderContext context, string path) =>
        Declare(declared, used, h => h.Name, h => h.Declaration, "outputs", context, path);

    public static ValueMap<SearchSpaceParameter> Declare(ValueMap<SearchSpaceParameter> declared, IEnumerable<SearchSpaceHandle> used, BuilderContext context, string path) =>
        Declare(declared, used, h => h.Name, h => h.Parameter, "search_space", context, path);

    private static ValueMap<TDeclaration> Declare<THandle, TDeclaration>(
        ValueMap<TDeclaration> declared,
        IEnumerable<THandle> used,
        Func<THandle, string> nameOf,
        Func<THandle, TDeclaration> declarationOf,
        string section,
        BuilderContext context,
        string path)
        where THandle : notnull
    {
        var result = declared;
        var automatic = new Dictionary<string, THandle>(StringComparer.Ordinal);
        foreach (var handle in used)
        {
            var name = nameOf(handle);
            if (declared.ContainsKey(name)) continue;
            if (automatic.TryGetValue(name, out var first))
            {
                if (!first.Equals(handle))
                {
                    context.Error(
                        BuilderDiagnosticCodes.ConflictingHandles,
                        $"Two different handles named '{name}' are used and neither is declared; declare the one you mean.",
                        DiagnosticPath.Append(path, section, name));
                }
                continue;
            }
            automatic[name] = handle;
            result = result.SetItem(name, declarationOf(handle));
        }
        return result;
    }
}
