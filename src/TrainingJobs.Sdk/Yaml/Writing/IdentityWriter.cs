using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Yaml.Writing;

/// <summary>Writes a job's <c>identity</c>.</summary>
internal static class IdentityWriter
{
    /// <summary>Writes <c>identity</c> with its type (aml_token, managed or user_identity) and, for managed, its ids.</summary>
    public static void Write(YamlEmitter e, JobIdentity identity)
    {
        e.Key("identity");
        e.BeginMap();
        e.Key("type");
        switch (identity)
        {
            case ManagedIdentity managed:
                e.Text("managed");
                e.OptionalText("client_id", managed.ClientId);
                e.OptionalText("object_id", managed.ObjectId);
                e.OptionalText("resource_id", managed.ResourceId);
                break;
            case UserIdentity:
                e.Text("user_identity");
                break;
            default:
                e.Text("aml_token");
                break;
        }
        e.EndMap();
    }
}
