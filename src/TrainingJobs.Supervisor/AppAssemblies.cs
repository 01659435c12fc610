using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace TrainingJobs.Supervisor;

/// <summary>
/// Loads what the supervisor does not find beside itself from the application's folder one level up. The
/// TrainingJobs.Sdk package ships the supervisor without a <c>.deps.json</c> and copies it to
/// <c>trainingjobs-supervisor/</c> in the app's output, so TrainingJobs.Sdk.dll, its dependencies and the native
/// SQLite library are those the app itself was built with. Next to the app (a project reference, with its own
/// <c>.deps.json</c>) the handlers are never asked: everything resolves first.
/// </summary>
internal static class AppAssemblies
{
    /// <summary>Adds the fallbacks to the default load context.</summary>
    /// <param name="supervisorDirectory">The supervisor's own folder.</param>
    [UnconditionalSuppressMessage("Trimming", "IL2026:RequiresUnreferencedCode",
        Justification = "Only the JIT supervisor, which is never trimmed, installs the fallbacks (Program): the native one has every assembly compiled in.")]
    public static void Install(string supervisorDirectory)
    {
        if (Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(supervisorDirectory)) is not { Length: > 0 } app) return;
        AssemblyLoadContext.Default.Resolving += (context, name) =>
            name.Name is { Length: > 0 } simple && Path.Combine(app, simple + ".dll") is var path && File.Exists(path)
                ? context.LoadFromAssemblyPath(path)
                : null;
        AssemblyLoadContext.Default.ResolvingUnmanagedDll += (_, library) => LoadNative(supervisorDirectory, library) is var own && own != IntPtr.Zero ? own : LoadNative(app, library);
    }

    /// <summary>
    /// A native library by the name a <c>DllImport</c> gives (e.g. <c>e_sqlite3</c>): in the app's folder (a
    /// RID-specific publish) or under its <c>runtimes/&lt;rid&gt;/native/</c> (a portable build). The supervisor's own
    /// folder is searched first: beside an app that ships it without its <c>.deps.json</c> (the <c>tj</c> tool's
    /// package), the portable <c>runtimes/</c> tree is there rather than one level up.
    /// </summary>
    private static IntPtr LoadNative(string app, string library)
    {
        var architecture = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        string[] folders =
        [
            app,
            Path.Combine(app, "runtimes", RuntimeInformation.RuntimeIdentifier, "native"),
            Path.Combine(app, "runtimes", "linux-" + architecture, "native"),
            Path.Combine(app, "runtimes", "linux-musl-" + architecture, "native"),
            Path.Combine(app, "runtimes", "osx-" + architecture, "native"),
        ];
        string[] files = [library, "lib" + library + ".so", library + ".so", "lib" + library + ".dylib"];
        foreach (var folder in folders)
        {
            foreach (var file in files)
            {
                var path = Path.Combine(folder, file);
                if (File.Exists(path) && NativeLibrary.TryLoad(path, out var handle)) return handle;
            }
        }
        return IntPtr.Zero;
    }
}
