using System.Globalization;
using System.Text.Json.Nodes;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Local.Planning;

/// <summary>
/// Stores the command-job fields the local backend runs as JSON (YAML field names), so a job read back from
/// the workspace carries its definition. Fields the local backend does not run are not kept.
/// </summary>
internal static class DefinitionCodec
{
    public static string Write(CommandJob job)
    {
        var o = new JsonObject
        {
            ["name"] = job.Name,
            ["display_name"] = job.DisplayName,
            ["experiment_name"] = job.ExperimentName,
            ["description"] = job.Description,
            ["compute"] = job.Compute,
            ["command"] = job.Command,
            ["code"] = job.Code,
            ["tags"] = Map(job.Tags),
            ["properties"] = Map(job.Properties),
            ["environment_variables"] = Map(job.EnvironmentVariables),
        };
        o["environment"] = job.Environment switch
        {
            EnvironmentReference r => JsonValue.Create(r.Reference),
            InlineEnvironment i => new JsonObject { ["image"] = i.Image, ["conda_file"] = i.CondaFile, ["name"] = i.Name, ["version"] = i.Version },
            _ => null,
        };
        var inputs = new JsonObject();
        foreach (var (name, input) in job.Inputs)
        {
            inputs[name] = input switch
            {
                LiteralInput l => new JsonObject
                {
                    ["type"] = l.Type?.ToString(), ["value"] = Literal(l.Value), ["default"] = Literal(l.Default), ["optional"] = l.Optional,
                    ["literal"] = true,
                },
                AssetInput a => new JsonObject
                {
                    ["type"] = a.Type.ToString(), ["type_is_explicit"] = a.TypeIsExplicit, ["path"] = a.Path, ["mode"] = a.Mode?.ToString(), ["optional"] = a.Optional,
                },
                _ => null,
            };
        }
        o["inputs"] = inputs;
        var outputs = new JsonObject();
        foreach (var (name, output) in job.Outputs)
        {
            outputs[name] = new JsonObject
            {
                ["type"] = output.Type, ["path"] = output.Path, ["mode"] = output.Mode?.ToString(), ["name"] = output.AssetName, ["version"] = output.AssetVersion,
            };
        }
        o["outputs"] = outputs;
        o["distribution"] = job.Distribution switch
        {
            PyTorchDistribution p => new JsonObject { ["type"] = "pytorch", ["process_count_per_instance"] = p.ProcessCountPerInstance },
            MpiDistribution m => new JsonObject { ["type"] = "mpi", ["process_count_per_instance"] = m.ProcessCountPerInstance },
            TensorFlowDistribution t => new JsonObject { ["type"] = "tensorflow", ["worker_count"] = t.WorkerCount, ["parameter_server_count"] = t.ParameterServerCount },
            _ => null,
        };
        o["resources"] = job.Resources is null ? null : new JsonObject { ["instance_count"] = job.Resources.InstanceCount, ["instance_type"] = job.Resources.InstanceType };
        o["limits"] = job.Limits?.Timeout is { } timeout ? new JsonObject { ["timeout"] = timeout.TotalSeconds } : null;
        return o.ToJsonString();
    }

    public static CommandJob Read(string json)
    {
        var o = JsonNode.Parse(json)!.AsObject();
        var job = new CommandJob
        {
            Name = Text(o, "name"),
            DisplayName = Text(o, "display_name"),
            ExperimentName = Text(o, "experiment_name"),
            Description = Text(o, "description"),
            Compute = Text(o, "compute"),
            Command = Text(o, "command"),
            Code = Text(o, "code"),
            Tags = ReadMap(o["tags"]),
            Properties = ReadMap(o["properties"]),
            EnvironmentVariables = ReadMap(o["environment_variables"]),
            Environment = o["environment"] switch
            {
                JsonValue v => new EnvironmentReference(v.GetValue<string>()),
                JsonObject e => new InlineEnvironment { Image = Text(e, "image"), CondaFile = Text(e, "conda_file"), Name = Text(e, "name"), Version = Text(e, "version") },
                _ => null,
            },
        };
        var inputs = new List<KeyValuePair<string, JobInput>>();
        foreach (var (name, node) in o["inputs"]?.AsObject() ?? [])
        {
            var i = node!.AsObject();
            if (i.ContainsKey("literal"))
            {
                inputs.Add(new(name, new LiteralInput
                {
                    Type = Text(i, "type") is { } t ? (LiteralType?)LiteralType.Parse(t) : null, Value = ReadLiteral(i["value"]), Default = ReadLiteral(i["default"]),
                    Optional = (bool?)i["optional"],
                }));
            }
            else
            {
                inputs.Add(new(name, new AssetInput
                {
                    Type = AssetType.Parse(Text(i, "type") ?? "uri_folder"), TypeIsExplicit = (bool?)i["type_is_explicit"] ?? true, Path = Text(i, "path"),
                    Mode = Text(i, "mode") is { } m ? (InputMode?)InputMode.Parse(m) : null,
                    Optional = (bool?)i["optional"],
                }));
            }
        }
        var outputs = new List<KeyValuePair<string, JobOutput>>();
        foreach (var (name, node) in o["outputs"]?.AsObject() ?? [])
        {
            var x = node!.AsObject();
            outputs.Add(new(name, new JobOutput
            {
                Type = Text(x, "type"), Path = Text(x, "path"), Mode = Text(x, "mode") is { } m ? (OutputMode?)OutputMode.Parse(m) : null, AssetName = Text(x, "name"),
                AssetVersion = Text(x, "version"),
            }));
        }
        Distribution? distribution = o["distribution"] is JsonObject d
            ? Text(d, "type") switch
            {
                "pytorch" => new PyTorchDistribution { ProcessCountPerInstance = (int?)d["process_count_per_instance"] },
                "mpi" => new MpiDistribution { ProcessCountPerInstance = (int?)d["process_count_per_instance"] },
                _ => new TensorFlowDistribution { WorkerCount = (int?)d["worker_count"], ParameterServerCount = (int?)d["parameter_server_count"] },
            }
            : null;
        return job with
        {
            Inputs = ValueMap.From(inputs),
            Outputs = ValueMap.From(outputs),
            Distribution = distribution,
            Resources = o["resources"] is JsonObject r ? new JobResources { InstanceCount = (int?)r["instance_count"], InstanceType = Text(r, "instance_type") } : null,
            Limits = o["limits"] is JsonObject l ? new CommandJobLimits { Timeout = TimeSpan.FromSeconds((double)l["timeout"]!) } : null,
        };
    }

    private static JsonObject Map(ValueMap<string> map)
    {
        var o = new JsonObject();
        foreach (var (k, v) in map) o[k] = v;
        return o;
    }

    private static ValueMap<string> ReadMap(JsonNode? node) =>
        ValueMap.From((node?.AsObject() ?? []).Select(p => new KeyValuePair<string, string>(p.Key, p.Value!.GetValue<string>())));

    private static string? Text(JsonObject o, string key) => o[key] is JsonValue v ? v.GetValue<string>() : null;

    private static JsonNode? Literal(LiteralValue? value)
    {
        if (value is not { } v) return null;
        if (v.Type == LiteralType.Integer) return v.IntegerValue;
        if (v.Type == LiteralType.Number) return new JsonObject { ["number"] = v.NumberValue.ToString("R", CultureInfo.InvariantCulture) };
        if (v.Type == LiteralType.Boolean) return v.BooleanValue;
        return v.StringValue;
    }

    private static LiteralValue? ReadLiteral(JsonNode? node) => node switch
    {
        JsonObject n => LiteralValue.FromNumber(double.Parse((string)n["number"]!, CultureInfo.InvariantCulture)),
        JsonValue v when v.TryGetValue<bool>(out var b) => LiteralValue.FromBoolean(b),
        JsonValue v when v.TryGetValue<long>(out var i) => LiteralValue.FromInteger(i),
        JsonValue v => LiteralValue.FromString(v.GetValue<string>()),
        _ => (LiteralValue?)null,
    };
}
