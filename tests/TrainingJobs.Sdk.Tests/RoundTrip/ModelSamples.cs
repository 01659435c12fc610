using System.Reflection;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Tests.RoundTrip;

/// <summary>
/// The values the reflection round-trip test uses: one minimal instance per concrete model type (what the type's
/// properties are varied from), and a sample value per property type. Text that must be a reference, a URI or a
/// name is given in <see cref="TextHints"/> in the canonical spelling the faces write, so that only a real loss
/// (never a documented normalisation) makes a value differ.
/// </summary>
internal static class ModelSamples
{
    private static readonly EnvironmentReference Environment = new("azureml:sklearn:3");

    private static readonly CommandJob MinimalCommand = new() { Command = "python train.py", Environment = Environment };

    private static readonly Dictionary<Type, object> Minimals = new()
    {
        [typeof(CommandJob)] = MinimalCommand,
        [typeof(PipelineJob)] = new PipelineJob(),
        [typeof(SweepJob)] = new SweepJob
        {
            Trial = MinimalCommand,
            SamplingAlgorithm = new GridSamplingAlgorithm(),
            Objective = new SweepObjective("accuracy", Goal.Maximize),
            SearchSpace = ValueMap.Of<SearchSpaceParameter>(("lr", new ChoiceParameter { Values = ValueList.Of<ChoiceOption>(LiteralValue.FromInteger(1), LiteralValue.FromInteger(2)) })),
            // A sweep YAML needs limits with max_total_trials (azure-ai-ml's sweep schema), so the minimal sweep has them.
            Limits = new SweepJobLimits { MaxTotalTrials = 4 },
        },
        [typeof(LiteralInput)] = new LiteralInput { Value = LiteralValue.FromInteger(1) },
        [typeof(AssetInput)] = new AssetInput { Type = AssetType.UriFolder, Path = "azureml://datastores/workspaceblobstore/paths/data/train.csv" },
        [typeof(BindingInput)] = new BindingInput { Expression = "${{parent.inputs.x}}" },
        [typeof(JobOutput)] = new JobOutput(),
        [typeof(AmlTokenIdentity)] = new AmlTokenIdentity(),
        [typeof(ManagedIdentity)] = new ManagedIdentity(),
        [typeof(UserIdentity)] = new UserIdentity(),
        [typeof(JobService)] = new JobService { Type = "jupyter_lab" },
        [typeof(NotificationSettings)] = new NotificationSettings { Emails = ValueList.Of("ml@example.com") },
        [typeof(Webhook)] = new Webhook("AzureDevOps"),
        [typeof(EnvironmentReference)] = Environment,
        [typeof(InlineEnvironment)] = new InlineEnvironment { Image = "python:3.11" },
        [typeof(BuildContext)] = new BuildContext("./docker"),
        [typeof(JobResources)] = new JobResources { InstanceType = "Standard_DS3_v2" },
        [typeof(PyTorchDistribution)] = new PyTorchDistribution(),
        [typeof(MpiDistribution)] = new MpiDistribution(),
        [typeof(TensorFlowDistribution)] = new TensorFlowDistribution(),
        [typeof(CommandJobLimits)] = new CommandJobLimits { Timeout = TimeSpan.FromHours(1) },
        [typeof(QueueSettings)] = new QueueSettings { JobTier = JobTier.Standard },
        [typeof(PipelineStep)] = new PipelineStep { Job = new CommandJob(), Component = new ComponentReference { Reference = "azureml:train:1" } },
        [typeof(ComponentReference)] = new ComponentReference { Reference = "azureml:train:1" },
        [typeof(ComponentDefinition)] = new ComponentDefinition { Body = MinimalCommand },
        [typeof(PipelineSettings)] = new PipelineSettings { DefaultCompute = "azureml:cpu-cluster" },
        [typeof(SweepObjective)] = new SweepObjective("accuracy", Goal.Maximize),
        [typeof(SweepJobLimits)] = new SweepJobLimits { MaxTotalTrials = 10 },
        [typeof(RandomSamplingAlgorithm)] = new RandomSamplingAlgorithm { Seed = 1 },
        [typeof(GridSamplingAlgorithm)] = new GridSamplingAlgorithm(),
        [typeof(BayesianSamplingAlgorithm)] = new BayesianSamplingAlgorithm(),
        [typeof(ChoiceParameter)] = new ChoiceParameter { Values = ValueList.Of<ChoiceOption>(LiteralValue.FromInteger(1), LiteralValue.FromInteger(2)) },
        [typeof(ChoiceOption)] = new ChoiceOption { Value = LiteralValue.FromInteger(1) },
        [typeof(ConstantParameter)] = new ConstantParameter(LiteralValue.FromInteger(1)),
        [typeof(RandIntParameter)] = new RandIntParameter(10),
        [typeof(UniformParameter)] = new UniformParameter { MinValue = 0, MaxValue = 1 },
        [typeof(NormalParameter)] = new NormalParameter { Mu = 0, Sigma = 1 },
        [typeof(UnrecognizedSearchSpaceParameter)] = new UnrecognizedSearchSpaceParameter(new FreeformValue("""{"type":"future_distribution","values":[1]}""")),
        [typeof(BanditPolicy)] = new BanditPolicy { SlackFactor = 0.1 },
        [typeof(MedianStoppingPolicy)] = new MedianStoppingPolicy(),
        [typeof(TruncationSelectionPolicy)] = new TruncationSelectionPolicy { TruncationPercentage = 10 },
    };

    /// <summary>Text values in the spelling the faces keep, by <c>Type.Property</c> (the declaring type's name).</summary>
    private static readonly Dictionary<string, string> TextHints = new()
    {
        ["JobDefinition.Name"] = "sample-job",
        ["JobDefinition.Compute"] = "azureml:gpu-cluster",
        ["CommandJob.Code"] = "azureml:train-code:2",
        ["AssetInput.Path"] = "azureml://datastores/workspaceblobstore/paths/data/other.csv",
        ["AssetInput.Datastore"] = "azureml:workspaceblobstore",
        ["BindingInput.Expression"] = "${{parent.inputs.y}}",
        ["BindingInput.Type"] = "uri_file",
        ["JobOutput.Type"] = "uri_file",
        ["JobOutput.Path"] = "azureml://datastores/workspaceblobstore/paths/outputs/model/",
        ["JobOutput.AssetName"] = "trained-model",
        ["JobOutput.AssetVersion"] = "2",
        ["JobService.Type"] = "tensor_board",
        ["JobService.Nodes"] = "all",
        ["JobService.LogDir"] = "outputs/tblogs",
        ["ManagedIdentity.ClientId"] = "00000000-0000-0000-0000-000000000001",
        ["ManagedIdentity.ObjectId"] = "00000000-0000-0000-0000-000000000002",
        ["ManagedIdentity.ResourceId"] = "/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-1",
        ["NotificationSettings.Emails"] = "other@example.com",
        ["NotificationSettings.EmailOn"] = "JobFailed",
        ["Webhook.WebhookType"] = "Other",
        ["Webhook.EventType"] = "JobCompleted",
        ["EnvironmentReference.Reference"] = "azureml:pytorch:2",
        ["InlineEnvironment.Image"] = "python:3.12",
        ["InlineEnvironment.CondaFile"] = "./conda.yml",
        ["InlineEnvironment.PythonRequirementsTxt"] = "./requirements.txt",
        ["InlineEnvironment.Version"] = "2",
        ["BuildContext.Path"] = "./other-docker",
        ["BuildContext.DockerfilePath"] = "train.Dockerfile",
        ["JobResources.InstanceType"] = "Standard_NC6s_v3",
        ["JobResources.Locations"] = "westeurope",
        ["JobResources.ShmSize"] = "4g",
        ["JobResources.DockerArgs"] = "--ipc=host",
        ["QueueSettings.Priority"] = "high",
        ["ComponentReference.Reference"] = "azureml:score:2",
        ["ComponentDefinition.Version"] = "2",
        ["ComponentDefinition.AdditionalIncludes"] = "../shared",
        ["ComponentDefinition.SourcePath"] = "/components/train.yml",
        ["PipelineSettings.DefaultCompute"] = "azureml:gpu-cluster",
        ["PipelineSettings.DefaultDatastore"] = "azureml:otherstore",
        ["SweepObjective.PrimaryMetric"] = "loss",
        ["RandomSamplingAlgorithm.Rule"] = "sobol",
        ["RandomSamplingAlgorithm.LogBase"] = "10",
    };

    /// <summary>Properties that exclude another: setting the first clears the second (a choice option is a value or a group).</summary>
    private static readonly Dictionary<string, string> Excludes = new()
    {
        ["ChoiceOption.Group"] = nameof(ChoiceOption.Value),
        ["ComponentReference.Definition"] = nameof(ComponentReference.Reference),
    };

    /// <summary>A copy of <paramref name="record"/> with <paramref name="property"/> set, and what it excludes cleared.</summary>
    public static object With(object record, PropertyInfo property, object? value)
    {
        var result = ModelWalk.With(record, property, value);
        return Excludes.TryGetValue(property.DeclaringType!.Name + "." + property.Name, out var excluded)
            ? ModelWalk.With(result, record.GetType().GetProperty(excluded)!, null)
            : result;
    }

    /// <summary>The minimal instance of a concrete model type.</summary>
    public static object Minimal(Type type) =>
        Minimals.TryGetValue(type, out var value) ? value : throw new InvalidOperationException($"ModelSamples has no minimal instance of {type.Name}: add one.");

    /// <summary>Whether a minimal instance of <paramref name="type"/> is known.</summary>
    public static bool HasMinimal(Type type) => Minimals.ContainsKey(type);

    /// <summary>
    /// The values to try on <paramref name="property"/> of <paramref name="owner"/>, each with a label (the concrete
    /// type, when the property is polymorphic), all different from <paramref name="current"/>.
    /// </summary>
    public static IEnumerable<(string Label, object? Value)> For(Type owner, PropertyInfo property, object? current)
    {
        var element = ModelWalk.ElementType(property.PropertyType);
        var key = property.DeclaringType!.Name + "." + property.Name;
        var polymorphic = ModelWalk.IsModel(element) && ModelWalk.ConcreteTypes(element).Count() > 1;
        foreach (var (concrete, item) in Items(element, key, owner))
        {
            var value = ModelWalk.Wrap(property.PropertyType, item);
            if (Equals(value, current))
            {
                // The minimal instance of the property's type is what the owner already holds: vary it. A type with
                // nothing to vary (grid sampling) is only ever that value, which the owner's own case covers.
                if (Varied(item!) is not { } varied) continue;
                value = ModelWalk.Wrap(property.PropertyType, varied);
            }
            yield return (polymorphic ? "=" + concrete.Name : "", value);
        }
    }

    private static IEnumerable<(Type Concrete, object? Item)> Items(Type element, string key, Type owner)
    {
        if (ModelWalk.IsModel(element))
        {
            foreach (var concrete in ModelWalk.ConcreteTypes(element)) yield return (concrete, Minimal(concrete));
            yield break;
        }
        yield return (element, Leaf(element, key, owner));
    }

    /// <summary>A copy of a model instance with its first property that takes a leaf value changed; null when it has none.</summary>
    private static object? Varied(object item)
    {
        // The type's own properties first: a trial varied by its command, not by the name every job has.
        foreach (var property in ModelWalk.SettableProperties(item.GetType()).OrderBy(p => p.DeclaringType == item.GetType() ? 0 : 1))
        {
            var element = ModelWalk.ElementType(property.PropertyType);
            if (ModelWalk.IsModel(element)) continue;
            var current = property.GetValue(item);
            var value = ModelWalk.Wrap(property.PropertyType, Leaf(element, property.DeclaringType!.Name + "." + property.Name, item.GetType()));
            if (!Equals(value, current)) return ModelWalk.With(item, property, value);
        }
        return null;
    }

    private static object Leaf(Type type, string key, Type owner)
    {
        if (type == typeof(string)) return TextHints.TryGetValue(key, out var hint) ? hint : "sample text";
        if (type == typeof(int)) return 3;
        if (type == typeof(long)) return 7L;
        if (type == typeof(double)) return 0.25;
        if (type == typeof(bool)) return !(bool)(CurrentOf(owner, key) ?? false);
        if (type == typeof(TimeSpan)) return TimeSpan.FromMinutes(90);
        if (type == typeof(LiteralValue)) return LiteralValue.FromString("sample");
        if (type == typeof(FreeformValue)) return new FreeformValue("""{"key":"value"}""");
        // An extensible enumeration with a hint (a value the faces keep, e.g. not the default the REST face drops).
        if (TextHints.TryGetValue(key, out var enumHint) && type.GetConstructor([typeof(string)]) is { } fromText) return fromText.Invoke([enumHint]);
        // An extensible enumeration: the second well-known value (the first is usually the default), or the third
        // when the owner's minimal instance already holds the second.
        if (type.GetProperty("Known", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is System.Collections.IEnumerable known)
        {
            var values = known.Cast<object>().ToList();
            return Equals(values[1], CurrentOf(owner, key)) ? values[2] : values[1];
        }
        throw new InvalidOperationException($"No sample value for {type.Name} ({key}): add one to ModelSamples.");
    }

    /// <summary>The value a property has on the owner's minimal instance.</summary>
    private static object? CurrentOf(Type owner, string key)
    {
        var name = key[(key.IndexOf('.', StringComparison.Ordinal) + 1)..];
        return HasMinimal(owner) ? owner.GetProperty(name)!.GetValue(Minimal(owner)) : null;
    }
}
