using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Yaml.Reading;

/// <summary>
/// What a component's fields must be where they differ from a job's, as azure-ai-ml reads them (<c>ComponentSchema</c>).
/// Ports: a job's input may be a bare value and its output may be left empty (every field to the service), but a
/// component declares an interface: azure-ai-ml reads each of its inputs
/// with <c>ParameterSchema</c> or <c>InputPortSchema</c> and each output with <c>OutputPortSchema</c>, all of which require
/// a <c>type</c> and none of which allows a null (<c>_schema/component/input_output.py</c>). Tags: a job's tag values may
/// be null, a component's may not (its <c>tags</c> are <c>fields.Str()</c> values). The same holds for a component
/// written in place under a step and for one in its own file. Text the SDK wrote for itself is read under the model's
/// rules and is not checked here.
/// </summary>
internal static class ComponentFieldRules
{
    /// <summary>Reports each input and output of the component <paramref name="mapping"/> that declares no type, and each null tag value.</summary>
    public static void Check(TreeMapping mapping, string path, ReadingContext context)
    {
        if (context.Options.WrittenBySdk) return;
        CheckPorts(mapping, path, "inputs", "input", context);
        CheckPorts(mapping, path, "outputs", "output", context);
        if (mapping.Get("tags") is TreeMapping tags)
        {
            foreach (var (name, value) in tags.Entries)
            {
                context.RefuseNull(value, DiagnosticPath.Append(DiagnosticPath.Append(path, "tags"), name.Value), $"The component's tag '{name.Value}'");
            }
        }
    }

    private static void CheckPorts(TreeMapping mapping, string path, string key, string what, ReadingContext context)
    {
        if (mapping.Get(key) is not TreeMapping ports) return;
        foreach (var (name, port) in ports.Entries)
        {
            var portPath = DiagnosticPath.Append(DiagnosticPath.Append(path, key), name.Value);
            switch (port)
            {
                // A null input is refused where every input is read (InputReader); a component's null output is refused here.
                case TreeScalar { IsNull: true } when key == "outputs":
                    context.RefuseNull(port, portPath, $"The component's output '{name.Value}'");
                    break;
                case TreeScalar { IsNull: false }:
                    context.Error(YamlDiagnosticCodes.WrongType,
                        $"The component's {what} '{name.Value}' is a bare value; a component declares each {what} as a mapping with a 'type' " +
                        $"(azure-ai-ml refuses it too). A value for it is given where the component is used, in the step's {key}.",
                        portPath, port);
                    break;
                case TreeMapping declared when declared.Get("type") is null or TreeScalar { IsNull: true }:
                    context.Error(YamlDiagnosticCodes.MissingKey,
                        $"The component's {what} '{name.Value}' needs a 'type' ({(key == "inputs" ? "string, integer, number, boolean, " : "")}uri_folder, uri_file, mltable, " +
                        "mlflow_model or custom_model); azure-ai-ml refuses a component port without one (\"Missing data for required field.\").",
                        portPath, port);
                    break;
            }
        }
    }
}
