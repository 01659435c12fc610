using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Yaml.Reading;

/// <summary>
/// Reads one entry of a job's <c>services</c> (jupyter_lab, ssh, tensor_board, vs_code, custom). azure-ai-ml reads an
/// entry as a union of one schema per type (ssh first, then tensor_board, vs_code, jupyter_lab, and a generic one for
/// every other type), each refusing keys it does not have: so an unknown key, a key the service sets (<c>status</c>,
/// <c>error_message</c>) or a field of another type (<c>log_dir</c> on ssh) makes every member fail, and that is an
/// error here too. An entry without a <c>type</c> is read by the first member that takes it, as azure-ai-ml reads it:
/// ssh, or tensor_board when it has a <c>log_dir</c>.
/// </summary>
internal static class ServiceReader
{
    private const string Ssh = "ssh";
    private const string TensorBoard = "tensor_board";

    private static readonly string[] CommonKeys = ["type", "port", "endpoint", "nodes", "properties"];

    /// <summary>Reads the service; null (reported) when it is null or not a mapping.</summary>
    public static JobService? Read(TreeNode node, string path, ReadingContext context)
    {
        if (context.RefuseNull(node, path, $"Service '{ReadingContext.LastSegment(path)}'")) return null;
        var typeText = node is TreeMapping mapping && mapping.Get("type") is TreeScalar { IsNull: false } t ? t.Value.Trim() : null;
        var sshKeys = node is TreeMapping m1 && m1.Get("ssh_public_keys") is not null;
        var logDir = node is TreeMapping m2 && m2.Get("log_dir") is not null;
        // The member of azure-ai-ml's union that reads the entry: its type, or without one the first member whose
        // fields the entry has (ssh has no required field, so it takes every entry without log_dir).
        var form = typeText is not null ? Normalise(typeText) : logDir && !sshKeys ? TensorBoard : Ssh;
        var service = new JobService { Type = typeText is null ? new JobServiceType(form) : (JobServiceType?)null };
        var ok = context.ForEach(node, path, "service fields", (key, value, childPath) =>
        {
            switch (key.Value)
            {
                case "type":
                    if (context.RefuseNull(value, childPath, "'type'")) break;
                    service = service with { Type = context.ReadString(value, childPath) is { } serviceType ? new JobServiceType(serviceType) : (JobServiceType?)null };
                    break;
                case "port":
                    service = service with { Port = context.ReadInt(value, childPath) };
                    break;
                case "endpoint":
                    service = service with { Endpoint = context.ReadString(value, childPath) };
                    break;
                case "nodes":
                    service = service with { Nodes = context.ReadString(value, childPath) };
                    break;
                case "properties":
                    service = service with { Properties = context.ReadStringMap(value, childPath) };
                    break;
                case "ssh_public_keys" when form == Ssh:
                    service = service with { SshPublicKeys = context.ReadString(value, childPath) };
                    break;
                case "log_dir" when form == TensorBoard:
                    service = service with { LogDir = context.ReadString(value, childPath) };
                    break;
                case "ssh_public_keys" or "log_dir":
                    var owner = key.Value == "log_dir" ? "a tensor_board" : "an ssh";
                    context.Error(YamlDiagnosticCodes.InvalidValue,
                        $"'{key.Value}' belongs to {owner} service; a service of type '{typeText ?? form}' has no such field (azure-ai-ml refuses it too).",
                        childPath, key);
                    break;
                case "status" or "error_message":
                    context.Error(YamlDiagnosticCodes.InvalidValue,
                        $"'{key.Value}' of a service is set by Azure ML while the job runs and cannot be given in a job file; azure-ai-ml refuses it too.",
                        childPath, key);
                    break;
                default:
                    context.UnknownKeyInUnion(key, childPath, $"a service of type '{typeText ?? form}'", KeysOf(form));
                    break;
            }
        });
        return ok ? service : null;
    }

    /// <summary>The keys a service of the form has, in the order azure-ai-ml's schema declares them.</summary>
    private static IEnumerable<string> KeysOf(string form) => form switch
    {
        Ssh => [.. CommonKeys, "ssh_public_keys"],
        TensorBoard => [.. CommonKeys, "log_dir"],
        _ => CommonKeys,
    };

    // azure-ai-ml compares the type without case (StringTransformedEnum); the REST spelling (TensorBoard) is read as
    // the YAML one so that its fields belong to it.
    private static string Normalise(string type) => type.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant() switch
    {
        "ssh" => Ssh,
        "tensorboard" => TensorBoard,
        var other => other,
    };
}
