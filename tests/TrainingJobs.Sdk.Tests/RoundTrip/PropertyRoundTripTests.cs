using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.AzureML.Mapping;
using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Tests.RoundTrip;

/// <summary>
/// Round trips cannot silently miss a field: for every public settable property of every model type reachable from
/// a command, pipeline or sweep job (found by reflection, see <see cref="ModelWalk"/>), a job holding a non-default
/// value there must come back equal from model → YAML → model and from model → REST → model, unless the property is
/// listed in <see cref="NotRepresentable"/> with the reason. A listed property that does come back fails too, so the
/// list cannot go stale. The REST body is read back without the session that wrote it, as another process reads it.
/// </summary>
public sealed class PropertyRoundTripTests
{
    private const string Yaml = "YAML";
    private const string Rest = "REST";

    private static readonly AzureMLWorkspaceScope Scope = new("00000000-1111-2222-3333-444444444444", "test-rg", "my-aml-workspace");

    /// <summary>
    /// What a face cannot carry, by case name (<c>Type.Property[=ConcreteType] via FACE</c>, or <c>Type via FACE</c> for
    /// the type's minimal instance), with the reason.
    /// </summary>
    private static readonly Dictionary<string, string> NotRepresentable = new(StringComparer.Ordinal)
    {
        // YAML
        ["ComponentDefinition.Body=SweepJob via YAML"] = "YAML: a component is a command or a pipeline; a sweep component is not a supported step (TJ1021)",
        ["ComponentDefinition.SourcePath via YAML"] = "YAML: the file a component was loaded from is set by the loader, not written in the file",
        ["RandomSamplingAlgorithm.IsShorthand via YAML"] = ShorthandHasNoSettings,
        ["SweepJob.SearchSpace=ConstantParameter via YAML"] = ConstantOnlyInGroup + " (TJ1015)",
        ["JobService.LogDir via YAML"] = ServiceFieldOfAnotherType,
        ["JobService.SshPublicKeys via YAML"] = ServiceFieldOfAnotherType,
        ["SweepJob.TrialReference via YAML"] = "YAML: a trial given by reference is written as the reference; the trial read back is what the reference resolves to (nothing, for azureml:)",

        // REST: not in the 2025-12-01 schema (the mapper reports each with TJ2004)
        ["AssetInput.Optional via REST"] = NotInSchema,
        ["BindingInput.Optional via REST"] = NotInSchema + ": a step input binding is sent as literal text",
        ["BindingInput.Type via REST"] = NotInSchema + ": a step input binding is sent as literal text",
        ["JobOutput.AssetName via REST"] = NotInSchema,
        ["JobOutput.AssetVersion via REST"] = NotInSchema,
        ["JobOutput.IsControl via REST"] = NotInSchema,
        ["JobResources.Locations via REST"] = NotInSchema,
        ["JobResources.MaxInstanceCount via REST"] = NotInSchema,
        ["LiteralInput.Default via REST"] = NotInSchema + ": a literal input is sent as its value only (normalisation 6)",
        ["LiteralInput.Enum via REST"] = NotInSchema + ": a literal input is sent as its value only (normalisation 6)",
        ["LiteralInput.Max via REST"] = NotInSchema + ": a literal input is sent as its value only (normalisation 6)",
        ["LiteralInput.Min via REST"] = NotInSchema + ": a literal input is sent as its value only (normalisation 6)",
        ["LiteralInput.Optional via REST"] = NotInSchema + ": a literal input is sent as its value only (normalisation 6)",
        ["LiteralInput.Type via REST"] = NotInSchema + ": a literal input is sent as its value only (normalisation 6)",
        ["MpiDistribution.AdditionalFields via REST"] = NotInSchema + ": the distribution types are closed",
        ["PyTorchDistribution.AdditionalFields via REST"] = NotInSchema + ": the distribution types are closed",
        ["TensorFlowDistribution.AdditionalFields via REST"] = NotInSchema + ": the distribution types are closed",
        ["QueueSettings.Priority via REST"] = NotInSchema,
        ["RandomSamplingAlgorithm.LogBase via REST"] = NotInSchema,
        ["PipelineStep.Job=CommandJob via REST"] = NotInSchema + ": a node that runs a component has no command, code or environment (normalisation 4)",

        // REST: documented normalisations (RestRoundTripNormalisations) that rewrite the value on the wire
        ["AssetInput.Datastore via REST"] = "REST: the datastore only says where local files are uploaded; the wire carries the resulting URI",
        ["AssetInput.TypeIsExplicit via REST"] = "REST: the wire always gives an input's type",
        ["RandomSamplingAlgorithm.IsShorthand via REST"] = "REST: the wire has one form; a random algorithm without settings reads back as the shorthand",
        ["SweepJob.SearchSpace=ConstantParameter via REST"] = ConstantOnlyInGroup + " (TJ2008)",
        ["SweepJob.TrialReference via REST"] = "REST: a trial given by reference is sent as the inline trial (normalisation 8)",
        ["CommandJob.Environment=InlineEnvironment via REST"] = InlineEnvironmentUploaded,
        ["InlineEnvironment via REST"] = InlineEnvironmentUploaded,
        ["InlineEnvironment.Build via REST"] = InlineEnvironmentUploaded,
        ["InlineEnvironment.CondaFile via REST"] = InlineEnvironmentUploaded,
        ["InlineEnvironment.CondaSpecification via REST"] = InlineEnvironmentUploaded,
        ["InlineEnvironment.Description via REST"] = InlineEnvironmentUploaded,
        ["InlineEnvironment.Image via REST"] = InlineEnvironmentUploaded,
        ["InlineEnvironment.Name via REST"] = InlineEnvironmentUploaded,
        ["InlineEnvironment.PythonRequirementsTxt via REST"] = InlineEnvironmentUploaded,
        ["InlineEnvironment.Version via REST"] = InlineEnvironmentUploaded,
        ["BuildContext via REST"] = InlineEnvironmentUploaded,
        ["BuildContext.DockerfilePath via REST"] = InlineEnvironmentUploaded,
        ["BuildContext.Path via REST"] = InlineEnvironmentUploaded,
        ["ComponentReference.Definition via REST"] = InlineComponentRegistered,
        ["ComponentDefinition via REST"] = InlineComponentRegistered,
        ["ComponentDefinition.AdditionalIncludes via REST"] = InlineComponentRegistered,
        ["ComponentDefinition.Body=CommandJob via REST"] = InlineComponentRegistered,
        ["ComponentDefinition.Body=PipelineJob via REST"] = InlineComponentRegistered,
        ["ComponentDefinition.Body=SweepJob via REST"] = InlineComponentRegistered,
        ["ComponentDefinition.IsDeterministic via REST"] = InlineComponentRegistered,
        ["ComponentDefinition.Name via REST"] = InlineComponentRegistered,
        ["ComponentDefinition.SourcePath via REST"] = InlineComponentRegistered,
        ["ComponentDefinition.Version via REST"] = InlineComponentRegistered,
    };

    private const string ServiceFieldOfAnotherType =
        "YAML: the minimal service is a jupyter_lab one, and azure-ai-ml's service union refuses log_dir and ssh_public_keys on a service " +
        "of another type than theirs (TJ1014); AzureAiMlComparisonTests.Services_the_sdk_writes_read_back reads both back on their own types";
    private const string NotInSchema = "REST: not in the 2025-12-01 schema (TJ2004)";
    private const string ShorthandHasNoSettings = "the shorthand 'sampling_algorithm: random' has no seed, rule or log base; an algorithm with one is written in full";
    private const string ConstantOnlyInGroup = "a constant exists only inside a choice group, not as a search-space entry of its own";
    private const string InlineEnvironmentUploaded = "REST: an environment defined in place is created as an anonymous environment and read back as its reference (normalisation 2)";
    private const string InlineComponentRegistered = "REST: a component written in place is registered as an anonymous component and read back as its reference (normalisation 4)";

    /// <summary>One case per concrete type (its minimal instance) and per property value, for each face.</summary>
    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (var (label, job) in Variants())
        {
            foreach (var face in new[] { Yaml, Rest })
            {
                var name = $"{label} via {face}";
                yield return new TestCaseData(face, job, name).SetName(name);
            }
        }
    }

    private static IEnumerable<(string Label, JobDefinition Job)> Variants()
    {
        foreach (var (type, _) in ModelWalk.Types)
        {
            if (!ModelSamples.HasMinimal(type)) continue; // Every_reachable_model_type_has_a_minimal_instance reports it.
            var minimal = ModelSamples.Minimal(type);
            yield return (type.Name, ModelWalk.Place(minimal));
            foreach (var property in ModelWalk.SettableProperties(type))
            {
                var current = property.GetValue(minimal);
                foreach (var (label, value) in ModelSamples.For(type, property, current))
                {
                    yield return ($"{type.Name}.{property.Name}{label}", ModelWalk.Place(ModelSamples.With(minimal, property, value)));
                }
            }
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void A_value_set_on_the_model_survives_the_face_or_is_listed_with_the_reason(string face, JobDefinition job, string name)
    {
        var (back, detail) = face == Yaml ? ThroughYaml(job) : ThroughRest(job);
        var survived = job.Equals(back);

        if (NotRepresentable.TryGetValue(name, out var reason))
        {
            survived.Should().BeFalse($"'{name}' is listed as not representable ({reason}) but it comes back: remove it from NotRepresentable");
        }
        else
        {
            survived.Should().BeTrue(
                $"'{name}' should come back equal (or be listed in NotRepresentable with the reason).\n--- sent ---\n{YamlOf(job)}\n--- came back ---\n{(back is null ? "(nothing)" : YamlOf(back))}\n--- on the way ---\n{detail}");
        }
    }

    [Test]
    public void Every_reachable_model_type_has_a_minimal_instance()
    {
        ModelWalk.Types.Select(t => t.Type).Where(t => !ModelSamples.HasMinimal(t)).Select(t => t.Name)
            .Should().BeEmpty("every model type reachable from a job needs a minimal instance in ModelSamples to be walked");
    }

    [Test]
    public void The_walk_reaches_the_model_types_the_issue_names()
    {
        var reached = ModelWalk.Types.Select(t => t.Type).ToList();
        reached.Should().Contain([
            typeof(LiteralInput), typeof(AssetInput), typeof(BindingInput), typeof(JobOutput), typeof(InlineEnvironment), typeof(BuildContext),
            typeof(PyTorchDistribution), typeof(JobResources), typeof(CommandJobLimits), typeof(SweepJobLimits), typeof(ManagedIdentity),
            typeof(JobService), typeof(Webhook), typeof(ChoiceOption), typeof(UniformParameter), typeof(RandomSamplingAlgorithm),
            typeof(BanditPolicy), typeof(PipelineStep), typeof(ComponentDefinition), typeof(PipelineSettings)]);
    }

    [Test]
    public void Every_not_representable_entry_names_a_case_that_exists()
    {
        var names = Cases().Select(c => (string)c.Arguments[2]!).ToHashSet(StringComparer.Ordinal);
        NotRepresentable.Keys.Where(k => !names.Contains(k)).Should().BeEmpty("an entry for a renamed or removed property is stale");
    }

    private static (JobDefinition? Back, string Detail) ThroughYaml(JobDefinition job)
    {
        string yaml;
        try
        {
            yaml = YamlJobWriter.Write(job);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or NotSupportedException)
        {
            return (null, "writer threw: " + e.Message);
        }
        var result = YamlJobLoader.LoadText(yaml, new YamlLoadOptions { Validate = false });
        return (result.Definition, string.Join("\n", result.Diagnostics));
    }

    private static (JobDefinition? Back, string Detail) ThroughRest(JobDefinition job)
    {
        string json;
        IReadOnlyList<Diagnostic> written;
        try
        {
            var resource = JobRestMapper.ToResource(job, new RestMappingSession(Scope), out written);
            json = RestJobSerializer.WriteResource(resource).ToJsonString();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or NotSupportedException)
        {
            return (null, "mapper threw: " + e.Message);
        }
        var read = JobRestMapper.ReadJobs(json, scope: Scope).Single();
        return (read.Definition, $"{json}\n{string.Join("\n", written.Concat(read.Diagnostics))}");
    }

    private static string YamlOf(JobDefinition job)
    {
        try
        {
            return YamlJobWriter.Write(job);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or NotSupportedException)
        {
            return job.ToString();
        }
    }
}
