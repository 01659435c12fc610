using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.AzureML.Mapping.ToRest;

/// <summary>The identity a job runs as, on the wire.</summary>
internal static class IdentityWriter
{
    /// <summary>The wire identity; null when the job names none.</summary>
    public static RestIdentity? Write(JobIdentity? identity) => identity switch
    {
        AmlTokenIdentity => new RestPlainIdentity { IdentityType = RestIdentityType.AMLToken },
        UserIdentity => new RestPlainIdentity { IdentityType = RestIdentityType.UserIdentity },
        ManagedIdentity managed => new RestManagedIdentity
        {
            IdentityType = RestIdentityType.Managed,
            ClientId = managed.ClientId,
            ObjectId = managed.ObjectId,
            ResourceId = managed.ResourceId,
        },
        _ => null,
    };
}
