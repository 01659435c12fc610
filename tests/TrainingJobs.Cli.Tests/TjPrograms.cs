using System.Diagnostics;
using System.Runtime.InteropServices;

namespace TrainingJobs.Cli.Tests;

/// <summary>Which <c>tj</c> a process-level test runs.</summary>
public enum TjFlavour
{
    /// <summary>tj.dll beside the tests, through the <c>dotnet</c> host (what the tool package installs).</summary>
    Jit,

    /// <summary>The NativeAOT tj test.sh publishes (artifacts/tj/&lt;rid&gt;/tj), with its native supervisor beside it.</summary>
    Native,
}

/// <summary>Starts <c>tj</c> as its own process, in either flavour, so that the native build is tested as users run it.</summary>
internal static class TjPrograms
{
    /// <summary>
    /// The variable test.sh sets to the native tj it has just published. Never a guess at the artifacts folder: a native
    /// build left from an older checkout would test old code. Unset (a plain <c>dotnet test</c>), the native cases are
    /// inconclusive; CI always sets it.
    /// </summary>
    public const string NativeVariable = "TRAININGJOBS_TEST_TJ";

    /// <summary>A start of <c>tj</c> <paramref name="args"/> in <paramref name="flavour"/>, output redirected, in <paramref name="workingDirectory"/>.</summary>
    public static ProcessStartInfo StartInfo(TjFlavour flavour, string workingDirectory, params string[] args)
    {
        ProcessStartInfo start;
        if (flavour == TjFlavour.Native)
        {
            var native = Environment.GetEnvironmentVariable(NativeVariable);
            Assume.That(native, Is.Not.Null.And.Not.Empty, $"{NativeVariable} names no native tj (test.sh publishes one and sets it)");
            start = new ProcessStartInfo(native!);
            // The native tj finds the native supervisor beside itself: no test supervisor may stand in for it.
            start.Environment.Remove("TRAININGJOBS_SUPERVISOR");
        }
        else
        {
            start = new ProcessStartInfo(DotnetHost());
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tj.dll"));
        }
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = workingDirectory;
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return start;
    }

    /// <summary>Runs <c>tj</c> to its end (at most <paramref name="patience"/>) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(TjFlavour flavour, string workingDirectory, IReadOnlyDictionary<string, string> variables,
        TimeSpan patience, params string[] args)
    {
        var start = StartInfo(flavour, workingDirectory, args);
        foreach (var (key, value) in variables) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(patience);
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"tj {string.Join(' ', args)} ({flavour}) did not end within {patience.TotalSeconds:0} s.");
        }
        return (process.ExitCode, await output, await error);
    }

    private static string DotnetHost() =>
        Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet"));
}
