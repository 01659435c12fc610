using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.AzureML.Mapping;

/// <summary>What a sweep trial held that its wire form does not.</summary>
internal sealed record TrialMemory(CommandJob Trial, ComponentReference? Reference, bool ResourcesOnTrial);
