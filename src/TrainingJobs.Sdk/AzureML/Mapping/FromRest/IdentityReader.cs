using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.AzureML.Mapping.FromRest;

/// <summary>The identity a job runs as, read back from the wire.</summary>
internal static class IdentityReader
{
    /// <summary>The identity; an unknown type is reported and left out.</summary>
    public static JobIdentity? Read(RestIdentity? wire, string path, RestReadContext context)
    {
        if (wire is null) return null;
        if (wire is RestManagedIdentity managed)
        {
            return new ManagedIdentity { ClientId = managed.ClientId, ObjectId = managed.ObjectId, ResourceId = managed.ResourceId };
        }
        if (wire.IdentityType == RestIdentityType.AMLToken) return new AmlTokenIdentity();
        if (wire.IdentityType == RestIdentityType.UserIdentity) return new UserIdentity();
        context.Unknown(path, $"identity type '{wire.IdentityType}'");
        return null;
    }
}
