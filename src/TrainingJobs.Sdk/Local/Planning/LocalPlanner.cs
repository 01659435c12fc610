using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Local.Files;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Local.Planning;

/// <summary>
/// Turns a command job into a <see cref="LocalJobPlan"/>: snapshots the code, resolves inputs, creates output
/// folders, binds the command, maps the environment and sets the variables Azure ML sets. Files go through
/// <see cref="PlanningFiles"/>: a staging folder on submit (every path in the plan is already the job's final folder),
/// nowhere when validation rehearses the submit.
/// </summary>
internal static class LocalPlanner
{
    public sealed record Result(LocalJobPlan? Plan, IReadOnlyList<Diagnostic> Diagnostics);

    public static Result Plan(CommandJob job, string experimentId, string jobFolder, PlanningFiles files, string baseDirectory, EnvironmentTable environments)
    {
        var name = job.Name!;
        var experiment = job.ExperimentName ?? "Default";
        var diagnostics = new List<Diagnostic>();
        files.CreateFolder(Path.Combine("artifacts", "user_logs"));
        files.CreateFolder(Path.Combine("artifacts", "system_logs"));
        files.CreateFolder(Path.Combine("artifacts", "outputs"));

        diagnostics.AddRange(CheckNames(job));
        if (diagnostics.Count > 0) return new Result(null, diagnostics);

        // Code snapshot.
        string? codeDigest = null;
        string? ignoreFile = null;
        var codeTaken = job.Code is null;
        if (job.Code is null) files.CreateFolder("code");
        else if (ResolveLocalPath(job.Code, baseDirectory, "code", diagnostics) is { } codePath)
        {
            // A workspace inside the code folder is not copied into itself (PlanningFiles knows the workspace).
            var snapshot = files.TakeCode(codePath);
            (codeDigest, ignoreFile, codeTaken) = (snapshot.Digest, snapshot.IgnoreFile, true);
            AddNotices(diagnostics, "code", "Code entry ", snapshot.Notices);
        }
        // Files a script writes to ./outputs land in the default artifacts, as on Azure ML.
        if (codeTaken) files.LinkOutputsIntoCode();

        // Inputs.
        var inputValues = new Dictionary<string, string>(StringComparer.Ordinal);
        var planned = new List<PlannedInput>();
        foreach (var (inputName, input) in job.Inputs)
        {
            var path = DiagnosticPath.Append("inputs", inputName);
            switch (input)
            {
                case LiteralInput literal when literal.EffectiveValue is { } value:
                    inputValues[inputName] = value.ToString();
                    planned.Add(new PlannedInput(inputName, "literal", value.ToString(), null));
                    break;
                case AssetInput { Path: { } assetPath } asset:
                    if (ResolveLocalPath(assetPath, baseDirectory, path, diagnostics) is not { } local) break;
                    IReadOnlyList<string> digestNotices = [];
                    var digest = File.Exists(local) ? files.DigestFile(local) : files.DigestFolder(local, out digestNotices);
                    if (asset.Mode != InputMode.Download) AddNotices(diagnostics, path, $"Input '{inputName}' entry ", digestNotices);
                    else
                    {
                        AddNotices(diagnostics, path, $"Input '{inputName}' entry ", files.CopyInput(local, inputName));
                        local = File.Exists(local) ? Path.Combine(jobFolder, "inputs", inputName, Path.GetFileName(local)) : Path.Combine(jobFolder, "inputs", inputName);
                    }
                    inputValues[inputName] = local;
                    planned.Add(new PlannedInput(inputName, asset.Type.ToString(), local, digest));
                    break;
                case BindingInput:
                    diagnostics.Add(new Diagnostic(LocalDiagnosticCodes.UnboundReference, DiagnosticSeverity.Error,
                        $"Input '{inputName}' is a binding, which only pipeline steps can use.", path));
                    break;
            }
        }

        // Outputs: one folder each.
        var outputPaths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (outputName, output) in job.Outputs)
        {
            files.CreateFolder(Path.Combine("outputs", outputName));
            outputPaths[outputName] = Path.Combine(jobFolder, "outputs", outputName);
            if (output.Path is not null)
            {
                diagnostics.Add(Warning(LocalDiagnosticCodes.IgnoredSetting, DiagnosticPath.Field(DiagnosticPath.Append("outputs", outputName), "path"),
                    $"Output '{outputName}' is written to the job's folder locally; its path '{output.Path}' is used on Azure ML only."));
            }
        }

        var unresolved = job.Inputs.Keys.Where(n => diagnostics.Any(d => d.IsError && d.Path == DiagnosticPath.Append("inputs", n))).ToHashSet(StringComparer.Ordinal);
        var pathInputs = planned.Where(p => p.Kind != "literal").Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var (bound, bindDiagnostics) = CommandBinder.Bind(job.Command ?? "", inputValues, outputPaths, job.Inputs.Keys.ToHashSet(StringComparer.Ordinal), unresolved, pathInputs);
        diagnostics.AddRange(bindDiagnostics);

        if (job.Compute is { } compute && !string.Equals(compute, "local", StringComparison.OrdinalIgnoreCase))
        {
            diagnostics.Add(Warning(LocalDiagnosticCodes.IgnoredSetting, "compute", $"The job runs on this machine; compute '{compute}' is used on Azure ML only."));
        }

        // Environment: a mapped prefix, or the machine's tools as they are.
        var mapping = environments.Find(job.Environment);
        string resolution;
        var executed = bound ?? "";
        if (mapping is { } found)
        {
            executed = found.Prefix + " " + executed;
            resolution = $"environment '{EnvironmentTable.Describe(job.Environment)}' mapped by entry '{found.Key}' to prefix '{found.Prefix}'";
        }
        else if (job.Environment is null)
        {
            resolution = "no environment: the command runs with this machine's tools";
        }
        else
        {
            resolution = $"environment '{EnvironmentTable.Describe(job.Environment)}' has no entry in environments.json: the command runs with this machine's tools";
            diagnostics.Add(Warning(LocalDiagnosticCodes.EnvironmentNotMapped, "environment",
                $"Environment '{EnvironmentTable.Describe(job.Environment)}' has no local mapping; the command runs as it is. Add it to environments.json in the workspace to map it."));
        }

        // Distribution.
        var instances = Math.Max(1, job.Resources?.InstanceCount ?? 1);
        var (type, perInstance, parameterServers) = job.Distribution switch
        {
            PyTorchDistribution p => ("pytorch", Math.Max(1, p.ProcessCountPerInstance ?? 1), 0),
            MpiDistribution m => ("mpi", Math.Max(1, m.ProcessCountPerInstance ?? 1), 0),
            TensorFlowDistribution t => ("tensorflow", Math.Max(1, t.WorkerCount ?? instances), Math.Max(0, t.ParameterServerCount ?? 0)),
            _ => ("none", 1, 0),
        };
        var plannedProcesses = type == "tensorflow" ? (long)perInstance + parameterServers : (type == "none" ? 1 : (long)perInstance * instances);
        if (ProcessCountLimit.ForThisMachine() is var processLimit && plannedProcesses > processLimit)
        {
            diagnostics.Add(new Diagnostic(LocalDiagnosticCodes.TooManyProcesses, DiagnosticSeverity.Error,
                $"The job would start {plannedProcesses} processes ({(type == "tensorflow" ? "workers + parameter servers" : "instances × processes per instance")}); " +
                $"a local job runs at most {processLimit} ({ProcessCountLimit.Explain(processLimit)}).", "distribution"));
        }
        var processCount = (int)Math.Min(plannedProcesses, int.MaxValue);

        if (diagnostics.Any(d => d.IsError)) return new Result(null, diagnostics);

        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AZUREML_RUN_ID"] = name,
            ["AZUREML_ARM_PROJECT_NAME"] = experiment,
            ["AZUREML_EXPERIMENT_ID"] = experimentId,
            ["AZUREML_ARM_WORKSPACE_NAME"] = "local",
            ["AZUREML_CR_EXECUTION_WORKING_DIR_PATH"] = Path.Combine(jobFolder, "code"),
            ["AZUREML_LOCAL_JOB_FOLDER"] = jobFolder,
            ["PYTHONUNBUFFERED"] = "1",
        };
        foreach (var (inputName, value) in inputValues)
        {
            environment["AZUREML_PARAMETER_" + inputName] = value;
            if (job.Inputs[inputName] is AssetInput) environment["AZURE_ML_INPUT_" + inputName] = value;
        }
        foreach (var (outputName, value) in outputPaths)
        {
            environment["AZUREML_PARAMETER_" + outputName] = value;
            environment["AZURE_ML_OUTPUT_" + outputName] = value;
        }
        foreach (var (key, value) in job.EnvironmentVariables) environment[key] = value;

        var plan = new LocalJobPlan
        {
            Name = name,
            ExperimentName = experiment,
            ExperimentId = experimentId,
            WorkingDirectory = Path.Combine(jobFolder, "code"),
            BoundCommand = bound!,
            ExecutedCommand = executed,
            Environment = environment,
            DistributionType = type,
            ProcessCount = processCount,
            ProcessesPerInstance = type == "tensorflow" ? processCount : perInstance,
            ParameterServerCount = parameterServers,
            TimeoutSeconds = job.Limits?.Timeout?.TotalSeconds,
            Outputs = outputPaths,
            Inputs = planned,
            CodeDigest = codeDigest,
            IgnoreFile = ignoreFile,
            EnvironmentResolution = resolution,
            Warnings = diagnostics.Where(d => !d.IsError).Select(d => $"{d.Code}: {d.Message}").ToList(),
            SubmittedBy = $"{System.Environment.UserName}@{System.Environment.MachineName}",
        };
        return new Result(plan, diagnostics);
    }

    /// <summary>
    /// The names the local backend cannot use (<see cref="LocalDiagnosticCodes.InvalidName"/>): the job name and the
    /// input and output names, checked with <see cref="NameRules"/>, the one owner of naming rules. Reads nothing
    /// from disk, so it can run before anything is planned or started.
    /// </summary>
    internal static IReadOnlyList<Diagnostic> CheckNames(CommandJob job)
    {
        var diagnostics = new List<Diagnostic>();
        if (job.Name is { } name && !NameRules.IsValidJobName(name))
        {
            diagnostics.Add(new Diagnostic(LocalDiagnosticCodes.InvalidName, DiagnosticSeverity.Error,
                $"'{name}' is not a valid job name: use letters, digits, '-' and '_', starting with a letter or digit (at most 255 characters).", "name"));
        }
        foreach (var (kind, names) in new[] { ("input", job.Inputs.Keys), ("output", job.Outputs.Keys) })
        {
            foreach (var invalid in names.Where(n => !NameRules.IsValidLocalPortName(n)))
            {
                diagnostics.Add(new Diagnostic(LocalDiagnosticCodes.InvalidName, DiagnosticSeverity.Error,
                    $"'{invalid}' is not a valid {kind} name for a local job: use letters, digits and '_', starting with a letter or '_' " +
                    "(no dots: the name becomes an environment variable's).", DiagnosticPath.Append(kind + "s", invalid)));
            }
        }
        return diagnostics;
    }

    /// <summary>Resolves a local path, <c>file:</c> URI, or reports why it cannot be read locally.</summary>
    private static string? ResolveLocalPath(string text, string baseDirectory, string path, List<Diagnostic> diagnostics)
    {
        if (text.StartsWith("azureml:", StringComparison.OrdinalIgnoreCase))
        {
            diagnostics.Add(new Diagnostic(LocalDiagnosticCodes.NeedsAzureWorkspace, DiagnosticSeverity.Error,
                $"'{text}' is an Azure ML asset or datastore reference, which needs an Azure workspace; the local backend reads local files, folders and file:// URIs.", path));
            return null;
        }
        string local;
        if (text.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            local = text["file:".Length..];
            if (local.StartsWith("//", StringComparison.Ordinal)) local = local[2..];
            local = Uri.UnescapeDataString(local);
        }
        else if (text.Contains("://", StringComparison.Ordinal) || text.StartsWith("git+", StringComparison.OrdinalIgnoreCase))
        {
            diagnostics.Add(new Diagnostic(LocalDiagnosticCodes.UnsupportedScheme, DiagnosticSeverity.Error,
                $"'{text}' is a remote location; the local backend reads local files, folders and file:// URIs only.", path));
            return null;
        }
        else local = text;
        var full = Path.GetFullPath(local, baseDirectory);
        if (!Path.Exists(full))
        {
            diagnostics.Add(new Diagnostic(LocalDiagnosticCodes.PathNotFound, DiagnosticSeverity.Error, $"'{text}' does not exist (looked at {full}).", path));
            return null;
        }
        if (DirectoryHandle.StatusOf(full, followLinks: true).Kind is not (EntryKind.File or EntryKind.Directory) and var kind)
        {
            // Reading a device or a FIFO may never end (or never start): refused before anything opens it.
            diagnostics.Add(new Diagnostic(LocalDiagnosticCodes.NotAFileOrFolder, DiagnosticSeverity.Error,
                $"'{text}' is {EntryStatus.Describe(kind)} (looked at {full}); the local backend reads regular files and folders only.", path));
            return null;
        }
        return full.TrimEnd('/') is { Length: > 0 } trimmed ? trimmed : full;
    }

    /// <summary>What a copy left out or kept as a link, as warnings.</summary>
    private static void AddNotices(List<Diagnostic> diagnostics, string path, string lead, IReadOnlyList<string> notices) =>
        diagnostics.AddRange(notices.Select(notice => Warning(LocalDiagnosticCodes.EntrySkipped, path, lead + notice)));

    private static Diagnostic Warning(string code, string path, string message) => new(code, DiagnosticSeverity.Warning, message, path);
}
