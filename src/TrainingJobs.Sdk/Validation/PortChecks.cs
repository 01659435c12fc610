using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Validation;

/// <summary>Checks a job's inputs and outputs: names, literal values, data references, modes and output paths.</summary>
internal static class PortChecks
{
    private static readonly string[] OutputPathTokens = ["name", "default_datastore", "output_name"];

    /// <summary>Checks every input of <paramref name="job"/>.</summary>
    public static void CheckInputs(JobDefinition job, string path, JobFrame frame, ValidationContext context)
    {
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, input) in Maps.Of(job.Inputs))
        {
            var at = DiagnosticPath.Append(path, "inputs", name);
            // azure-ai-ml takes dotted (parameter group) names in a pipeline job's inputs, a step's and a component's only.
            CheckPortName(name, "input", at, seen, frame.Role != JobRole.Root || job is PipelineJob, job, context);
            switch (input)
            {
                case LiteralInput literal:
                    LiteralChecks.CheckDeclaration(literal, at, context);
                    SecretChecks.Scan(literal.Value?.StringValue, ValidationCodes.SecretInOtherField, "This input's value", at, context);
                    SecretChecks.Scan(literal.Default?.StringValue, ValidationCodes.SecretInOtherField, "This input's default", DiagnosticPath.Append(at, "default"), context);
                    break;
                case AssetInput asset:
                    CheckAssetInput(asset, at, frame, context);
                    break;
                case BindingInput binding:
                    CheckMode(binding.Mode, string.IsNullOrWhiteSpace(binding.Type?.ToString()) ? null : binding.Type.ToString(), at, context);
                    break;
            }
        }
    }

    /// <summary>Checks every output of <paramref name="job"/>.</summary>
    public static void CheckOutputs(JobDefinition job, string path, JobFrame frame, ValidationContext context)
    {
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, output) in Maps.Of(job.Outputs))
        {
            var at = DiagnosticPath.Append(path, "outputs", name);
            CheckPortName(name, "output", at, seen, frame.Role != JobRole.Root, job, context);
            CheckRegistration(output, at, context);
            if (output.Mode is { IsKnown: false } mode)
            {
                context.Report(ValidationCodes.UnknownServiceValue,
                    $"The output mode {NameRules.Quote(mode.ToString(), "given")} is not one Azure ML knows ({string.Join(", ", OutputMode.Known)}).",
                    DiagnosticPath.Append(at, "mode"));
            }
            if (output.Type is { IsKnown: false } type)
            {
                context.Report(ValidationCodes.UnknownServiceValue,
                    $"The output type {NameRules.Quote(type.ToString(), "given")} is not one Azure ML knows (an asset type such as uri_folder, or a literal type for control outputs).",
                    DiagnosticPath.Append(at, "type"));
            }
            CheckOutputPath(output.Path, DiagnosticPath.Append(at, "path"), frame, context);
            SecretChecks.Scan(output.Path, ValidationCodes.SecretInOtherField, "This output's path", DiagnosticPath.Append(at, "path"), context);
        }
    }

    /// <summary>Whether a declared input needs a value from whoever runs the component: not optional, no default, no path.</summary>
    public static bool IsRequired(JobInput declared) => declared.Optional != true && declared switch
    {
        LiteralInput literal => literal.Default is null && literal.Value is null,
        AssetInput asset => string.IsNullOrWhiteSpace(asset.Path),
        _ => false,
    };

    private static void CheckAssetInput(AssetInput asset, string at, JobFrame frame, ValidationContext context)
    {
        if (frame.Role == JobRole.Root && asset.Optional != true && string.IsNullOrWhiteSpace(asset.Path))
        {
            context.Add(RequiredFields.MissingInputPath(asset.Type, optional: false, DiagnosticPath.Append(at, "path")));
        }
        if (!asset.Type.IsKnown)
        {
            context.Report(ValidationCodes.UnknownServiceValue,
                $"The input type {NameRules.Quote(asset.Type.ToString(), "given")} is not one Azure ML knows ({string.Join(", ", AssetType.Known)}).",
                DiagnosticPath.Append(at, "type"));
        }
        CheckMode(asset.Mode, asset.Type.ToString(), at, context);
        if (asset.Path is { } location && !BindingText.IsBinding(location))
        {
            ReferenceChecks.CheckDataReference(location, DiagnosticPath.Append(at, "path"), context);
        }
        SecretChecks.Scan(asset.Path, ValidationCodes.SecretInOtherField, "This input's path", DiagnosticPath.Append(at, "path"), context);
    }

    private static void CheckMode(InputMode? mode, string? type, string at, ValidationContext context)
    {
        if (mode is not { } given) return;
        if (!given.IsKnown)
        {
            context.Report(ValidationCodes.UnknownServiceValue,
                $"The input mode {NameRules.Quote(given.ToString(), "given")} is not one Azure ML knows ({string.Join(", ", InputMode.Known)}).",
                DiagnosticPath.Append(at, "mode"));
            return;
        }
        var isEval = given == InputMode.EvalMount || given == InputMode.EvalDownload;
        if (isEval && type is not null && AssetType.Parse(type) is { IsKnown: true } known && known != AssetType.MLTable)
        {
            context.Report(ValidationCodes.InputModeNotAllowedForType,
                $"The mode '{given}' only applies to mltable inputs, not to {known} inputs.", DiagnosticPath.Append(at, "mode"));
        }
    }

    /// <summary>
    /// The asset an output is registered as: the name's character set and length, and a version only with a name.
    /// azure-ai-ml checks both when it loads the file and takes empty text as unset, so this does too.
    /// </summary>
    private static void CheckRegistration(JobOutput output, string at, ValidationContext context)
    {
        var named = !string.IsNullOrEmpty(output.AssetName);
        if (named && !NameRules.IsValidOutputAssetName(output.AssetName!))
        {
            context.Report(ValidationCodes.InvalidName,
                $"The output's registration name {NameRules.Quote(output.AssetName, "given")} is not valid: use letters, digits, '-' and '_', " +
                "at most 255 characters (azure-ai-ml refuses it too when it loads the file).",
                DiagnosticPath.Append(at, "name"));
        }
        if (!named && !string.IsNullOrEmpty(output.AssetVersion))
        {
            context.Report(ValidationCodes.OutputVersionWithoutName,
                "The output has a registration version but no name: set 'name' to register it as an asset, or remove 'version' " +
                "(azure-ai-ml refuses it too: \"Output name is required when output version is specified.\").",
                DiagnosticPath.Append(at, "version"));
        }
    }

    private static void CheckOutputPath(string? location, string at, JobFrame frame, ValidationContext context)
    {
        if (!BindingText.IsBinding(location)) return;
        var scan = ExpressionScanner.Scan(location, includeLegacy: false);
        foreach (var problem in scan.Problems) context.Report(ValidationCodes.MalformedExpression, problem, at);
        foreach (var token in scan.Tokens)
        {
            if (OutputPathTokens.Contains(token.Content, StringComparer.Ordinal)) continue;
            // A step's output bound to ${{parent.outputs.x}} is checked with the pipeline, which knows the parent.
            if (frame.Role == JobRole.Step && token.Root == "parent") continue;
            context.Report(ValidationCodes.UnknownExpressionReference,
                $"The output path uses {NameRules.QuoteExpression(token, "an expression")}, which names nothing here; output paths may use ${{{{name}}}}, ${{{{default_datastore}}}} and ${{{{output_name}}}}.",
                at);
        }
    }

    private static void CheckPortName(string name, string what, string at, Dictionary<string, string> seen, bool dotsAllowed, JobDefinition job, ValidationContext context)
    {
        if (!NameRules.IsValidPortName(name))
        {
            context.Report(ValidationCodes.InvalidName,
                $"The {what} name {NameRules.Quote(name, "given")} is not valid: use letters, digits and '_', not starting with a digit ('.' separates parameter groups).",
                at);
            return;
        }
        if (!dotsAllowed && !NameRules.IsValidUndottedPortName(name))
        {
            var kind = job switch { PipelineJob => "pipeline", SweepJob => "sweep", _ => "command" };
            context.Report(ValidationCodes.InvalidName,
                $"The {what} name {NameRules.Quote(name, "given")} is not valid for a {kind} job's {what}s: use letters, digits and '_'. " +
                "Azure ML takes '.' (parameter groups) only in a pipeline job's inputs, and azure-ai-ml refuses this name too when it sends the job.",
                at);
            return;
        }
        if (seen.TryGetValue(name, out var other))
        {
            context.Report(ValidationCodes.InvalidName,
                $"The {what} names '{name}' and '{other}' differ only in case; Azure ML treats them as the same name.", at);
            return;
        }
        seen[name] = name;
    }
}
