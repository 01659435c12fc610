using System.Text.Json.Nodes;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Testing.Emulator;

/// <summary>
/// Pipeline jobs whose steps are command components: each step becomes a child job named <c>{pipeline}_{step}</c>
/// (its <c>parentJobName</c> the pipeline, its step in <c>properties["azureml.nodeid"]</c>, so run history's children
/// of the pipeline list it), run by the command runner in dependency order, one at a time. A step input bound to an
/// earlier step's output (<c>${{parent.jobs.a.outputs.b}}</c>) becomes the datastore path that output was uploaded to
/// (<c>azureml://datastores/workspaceblobstore/paths/azureml/{child}/{b}/</c>), and <c>${{parent.inputs.x}}</c> the
/// pipeline's input. The pipeline is Running from its first step, Completed when every step completed, and Failed
/// (or Canceled) at the first step that did not, whose later steps are not run.
/// </summary>
internal sealed partial class EmulatedJobRunner
{
    // Bindings are parsed by the SDK's one owner of their grammar (BindingReference), as validation and the local runner do.

    /// <summary>The child job of a step, as the emulator names it.</summary>
    internal static string ChildName(string pipeline, string step) => $"{pipeline}_{step}";

    private async Task RunPipelineAsync(string name, JsonObject properties, Run run)
    {
        var nodes = properties["jobs"] as JsonObject ?? [];
        var pending = nodes.Select(n => n.Key).ToList();
        var done = new HashSet<string>(StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            // The first step (in the pipeline's order) whose upstream steps have all run; a cycle or a binding to a
            // step that does not exist leaves none.
            var next = pending.FirstOrDefault(step => Upstream((JsonObject)nodes[step]!).All(done.Contains));
            if (next is null)
            {
                Finish(name, "Failed", "PipelineGraph", $"The steps {string.Join(", ", pending)} wait on steps that never run (a cycle or an unknown step).");
                return;
            }
            if (run.Cancel.IsCancellationRequested)
            {
                Finish(name, "Canceled", null, null);
                return;
            }
            var node = (JsonObject)nodes[next]!;
            var componentId = node["componentId"]?.GetValue<string>() ?? "";
            if (_workspace.CommandComponent(componentId) is not { } component)
            {
                Finish(name, "Failed", "ComponentNotFound", $"Step '{next}': the emulator runs steps of command components it holds (AzureMLEmulator.AddCommandComponentVersion); '{componentId}' is not one.");
                return;
            }
            var child = ChildName(name, next);
            var childJob = _workspace.CreateChildJob(child, ChildProperties(name, next, node, component, properties));
            _workspace.SetJobStatus(name, "Running");
            var childRun = new Run();
            _runs[child] = childRun;
            // A cancel of the pipeline cancels the step that is running.
            using (run.Cancel.Token.Register(() => Cancel(child)))
            {
                childRun.Task = RunAsync(child, childJob, childRun);
                await childRun.Task.ConfigureAwait(false);
            }
            var status = _workspace.JobStatusOf(child);
            if (status != "Completed")
            {
                Finish(name, status == "Canceled" ? "Canceled" : "Failed", "StepFailed", $"Step '{next}' ({child}) ended {status}.");
                return;
            }
            pending.Remove(next);
            done.Add(next);
        }
        Finish(name, "Completed", null, null);
    }

    /// <summary>The steps whose outputs a step's inputs are bound to.</summary>
    private static IEnumerable<string> Upstream(JsonObject node) =>
        (node["inputs"] as JsonObject ?? [])
            .Select(i => Binding(i.Value))
            .Where(b => b?.Source == BindingSource.StepOutput)
            .Select(b => b!.Step!);

    /// <summary>The binding a node's input holds as its whole value, or null.</summary>
    private static BindingReference? Binding(JsonNode? input) =>
        input?["value"] is JsonValue v && v.TryGetValue<string>(out var text) ? BindingReference.ParseWhole(text) : null;

    /// <summary>The ARM properties of a step's child job: the component's command, the step's inputs resolved and its outputs.</summary>
    private JsonObject ChildProperties(string pipeline, string step, JsonObject node, JsonObject component, JsonObject pipelineProperties)
    {
        var inputs = new JsonObject();
        foreach (var (input, value) in node["inputs"] as JsonObject ?? [])
        {
            var binding = Binding(value);
            if (binding is { Source: BindingSource.StepOutput })
            {
                inputs[input] = new JsonObject
                {
                    ["jobInputType"] = "uri_folder",
                    ["uri"] = $"azureml://datastores/{EmulatedAssets.DefaultDatastore}/paths/azureml/{ChildName(pipeline, binding.Step!)}/{binding.Port}/",
                };
            }
            else if (binding is { Source: BindingSource.ParentInput } && pipelineProperties["inputs"]?[binding.Port] is JsonObject given)
            {
                inputs[input] = given.DeepClone();
            }
            else if (value is JsonObject typed)
            {
                // The node's snake_case input as the job's camelCase one.
                var copy = new JsonObject();
                foreach (var (key, item) in typed)
                {
                    copy[key switch { "job_input_type" => "jobInputType", _ => key }] = item?.DeepClone();
                }
                inputs[input] = copy;
            }
        }
        var outputs = new JsonObject();
        foreach (var (output, _) in node["outputs"] as JsonObject ?? [])
        {
            outputs[output] = new JsonObject { ["jobOutputType"] = "uri_folder" };
        }
        return new JsonObject
        {
            ["jobType"] = "Command",
            ["command"] = component["command"]?.DeepClone(),
            ["environmentId"] = component["environmentId"]?.DeepClone(),
            ["displayName"] = step,
            ["experimentName"] = pipelineProperties["experimentName"]?.DeepClone(),
            ["parentJobName"] = pipeline,
            ["inputs"] = inputs,
            ["outputs"] = outputs,
            ["properties"] = new JsonObject { ["azureml.nodeid"] = step },
        };
    }
}
