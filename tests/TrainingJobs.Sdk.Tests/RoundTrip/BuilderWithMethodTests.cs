using System.Reflection;
using TrainingJobs.Sdk.Building;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Tests.RoundTrip;

/// <summary>
/// Builder → model cannot silently miss a field either: every public <c>With…</c> method of every builder and handle
/// in <c>Building/</c> (found by reflection, each overload its own case) changes, on the definition it builds, the
/// property it names, and the job it builds comes back equal from YAML. Where the method's name is not the
/// property's, <see cref="Sets"/> says which property it is.
/// </summary>
public sealed class BuilderWithMethodTests
{
    private static readonly Assembly Sdk = typeof(JobDefinition).Assembly;

    /// <summary>The model property a method sets, where it is not the method name without <c>With</c>; by method name.</summary>
    private static readonly Dictionary<string, string> Sets = new(StringComparer.Ordinal)
    {
        ["WithExperiment"] = nameof(JobDefinition.ExperimentName),
        ["WithTag"] = nameof(JobDefinition.Tags),
        ["WithProperty"] = nameof(JobDefinition.Properties),
        ["WithInput"] = nameof(JobDefinition.Inputs),
        ["WithOutput"] = nameof(JobDefinition.Outputs),
        ["WithAmlTokenIdentity"] = nameof(JobDefinition.Identity),
        ["WithManagedIdentity"] = nameof(JobDefinition.Identity),
        ["WithUserIdentity"] = nameof(JobDefinition.Identity),
        ["WithService"] = nameof(JobDefinition.Services),
        ["WithImage"] = nameof(CommandJob.Environment),
        ["WithBuildContext"] = nameof(CommandJob.Environment),
        ["WithEnvironmentVariable"] = nameof(CommandJob.EnvironmentVariables),
        ["WithInstances"] = nameof(CommandJob.Resources),
        ["WithPyTorchDistribution"] = nameof(CommandJob.Distribution),
        ["WithMpiDistribution"] = nameof(CommandJob.Distribution),
        ["WithTensorFlowDistribution"] = nameof(CommandJob.Distribution),
        ["WithTimeout"] = nameof(CommandJob.Limits),
        ["WithSampling"] = nameof(SweepJob.SamplingAlgorithm),
        ["WithRandomSampling"] = nameof(SweepJob.SamplingAlgorithm),
        ["WithGridSampling"] = nameof(SweepJob.SamplingAlgorithm),
        ["WithBayesianSampling"] = nameof(SweepJob.SamplingAlgorithm),
        ["WithStep"] = nameof(PipelineJob.Steps),
        ["WithSteps"] = nameof(PipelineJob.Steps),
        ["WithDefaultCompute"] = nameof(PipelineJob.Settings),
        ["WithDefaultDatastore"] = nameof(PipelineJob.Settings),
        ["WithContinueOnStepFailure"] = nameof(PipelineJob.Settings),
        ["WithForceRerun"] = nameof(PipelineJob.Settings),
        ["WithRange"] = nameof(LiteralInput.Min),
    };

    /// <summary>Overloads reflection cannot call, with the overload that covers the same path.</summary>
    private static readonly Dictionary<string, string> NotCallable = new(StringComparer.Ordinal)
    {
        ["CommandJobBuilder.WithCommand(CommandTextHandler)"] = "an interpolated-string handler (a ref struct) exists only at a C# call site; it forwards to WithCommand(CommandText)",
    };

    private static readonly Type[] Subjects =
    [
        typeof(CommandJobBuilder), typeof(SweepJobBuilder), typeof(PipelineJobBuilder), typeof(PipelineStepBuilder),
        typeof(LiteralInputHandle), typeof(AssetInputHandle), typeof(OutputHandle),
    ];

    private static IEnumerable<TestCaseData> Methods() =>
        from type in Subjects
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
        where method.Name.StartsWith("With", StringComparison.Ordinal) && !NotCallable.ContainsKey(Name(type, method))
        orderby method.Name, method.MetadataToken
        select new TestCaseData(type, method).SetName(Name(type, method));

    [Test]
    public void Every_builder_and_handle_in_Building_is_walked()
    {
        var withTypes = Sdk.GetTypes()
            .Where(t => t.IsPublic && !t.IsAbstract && t.Namespace == typeof(CommandJobBuilder).Namespace)
            .Where(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Any(m => m.Name.StartsWith("With", StringComparison.Ordinal)));
        withTypes.Except(Subjects).Select(t => t.Name).Should().BeEmpty("every type with With… methods is walked by this test");
    }

    [Test]
    public void Every_not_callable_entry_names_an_overload_that_exists()
    {
        var all = Subjects.SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance).Select(m => Name(t, m))).ToHashSet(StringComparer.Ordinal);
        NotCallable.Keys.Where(k => !all.Contains(k)).Should().BeEmpty();
    }

    [TestCaseSource(nameof(Methods))]
    public void A_with_method_sets_the_property_it_names(Type subjectType, MethodInfo method)
    {
        var propertyName = Sets.TryGetValue(method.Name, out var mapped) ? mapped : method.Name["With".Length..];
        var subject = Start(subjectType);
        var before = ModelOf(subject);
        var property = before.GetType().GetProperty(propertyName) ?? before.GetType().GetProperty(propertyName + "s");
        property.Should().NotBeNull($"{method.Name} names no property of {before.GetType().Name}: add it to Sets");

        var changed = method.Invoke(subject, [.. method.GetParameters().Select(p => Argument(p.ParameterType))])!;
        var after = ModelOf(changed);

        property!.GetValue(after).Should().NotBe(property.GetValue(before), $"{Name(subjectType, method)} should set {before.GetType().Name}.{property.Name}");
    }

    /// <summary>What YAML cannot carry of a job builder method, with the reason (the same as in <see cref="PropertyRoundTripTests"/>).</summary>
    private static readonly Dictionary<string, string> NotInYaml = new(StringComparer.Ordinal)
    {
        ["SweepJobBuilder.WithTrialReference(String)"] = "a trial given by reference reads back as what the reference resolves to (SweepJob.TrialReference via YAML)",
    };

    private static IEnumerable<TestCaseData> JobMethods() =>
        Methods().Where(c => c.Arguments[0] is Type type && (typeof(JobBuilder).IsAssignableFrom(type) || type == typeof(PipelineStepBuilder)));

    /// <summary>Builder → YAML → model: what each job builder method sets is kept by the YAML face too.</summary>
    [TestCaseSource(nameof(JobMethods))]
    public void What_a_with_method_sets_survives_yaml(Type subjectType, MethodInfo method)
    {
        var changed = method.Invoke(Start(subjectType), [.. method.GetParameters().Select(p => Argument(p.ParameterType))])!;
        var job = changed is PipelineStepBuilder step
            ? new PipelineJobBuilder().WithStep(step).AssembleDefinition(new BuilderContext(), "")
            : (JobDefinition)ModelOf(changed);

        var yaml = YamlJobWriter.Write(job);
        var back = YamlJobLoader.LoadText(yaml, new YamlLoadOptions { Validate = false }).Definition;

        var name = Name(subjectType, method);
        if (NotInYaml.TryGetValue(name, out var reason)) back.Should().NotBe(job, $"{name} is listed as lost in YAML ({reason}) but it survives: remove it from NotInYaml");
        else back.Should().Be(job, $"{name} should survive builder → YAML → model\n{yaml}");
    }

    private static string Name(Type type, MethodInfo method) =>
        $"{type.Name}.{method.Name}({string.Join(", ", method.GetParameters().Select(p => p.ParameterType.Name.TrimEnd('&')))})";

    private static object Start(Type type) => type.Name switch
    {
        nameof(CommandJobBuilder) => new CommandJobBuilder().WithCommand("python train.py").WithEnvironment("azureml:sklearn:3"),
        // With limits: a sweep YAML without them is refused on load, as azure-ai-ml's sweep schema requires them.
        nameof(SweepJobBuilder) => new SweepJobBuilder().WithLimits(maxTotalTrials: 4),
        nameof(PipelineJobBuilder) => new PipelineJobBuilder(),
        nameof(PipelineStepBuilder) => PipelineStepBuilder.Component("step", "azureml:train:1"),
        nameof(LiteralInputHandle) => Input.String("text"),
        nameof(AssetInputHandle) => Input.UriFile("data"),
        nameof(OutputHandle) => Output.UriFolder("model"),
        _ => throw new InvalidOperationException($"No starting value for {type.Name}: add one."),
    };

    /// <summary>The model a subject describes: a builder's definition (a step's job), a handle's declaration.</summary>
    private static object ModelOf(object subject) => subject switch
    {
        JobBuilder builder => builder.AssembleDefinition(new BuilderContext(), ""),
        PipelineStepBuilder step => ((PipelineJob)new PipelineJobBuilder().WithStep(step).AssembleDefinition(new BuilderContext(), "")).Steps[step.Name].Job,
        InputHandle input => input.Declaration,
        OutputHandle output => output.Declaration,
        _ => throw new InvalidOperationException($"No model for {subject.GetType().Name}."),
    };

    private static object? Argument(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return "sample";
        if (type == typeof(int)) return 3;
        if (type == typeof(long)) return 7L;
        if (type == typeof(double)) return 0.5;
        if (type == typeof(bool)) return true;
        if (type == typeof(TimeSpan)) return TimeSpan.FromMinutes(90);
        if (type == typeof(LiteralValue)) return LiteralValue.FromString("sample");
        if (type == typeof(StepInputValue)) return (StepInputValue)"sample";
        if (type == typeof(InputHandle)) return Input.Integer("epochs", 3);
        if (type == typeof(OutputHandle)) return Output.UriFolder("checkpoints");
        if (type == typeof(SearchSpaceHandle)) return SearchSpace.RandInt("seed", 5);
        if (type == typeof(CommandText)) return CommandText.Of($"python other.py");
        if (type == typeof(CommandJobBuilder)) return new CommandJobBuilder().WithCommand("python trial.py").WithEnvironment("azureml:sklearn:3");
        if (type == typeof(PipelineStepBuilder)) return PipelineStepBuilder.Component("score", "azureml:score:1");
        if (type.IsArray)
        {
            var array = Array.CreateInstance(type.GetElementType()!, 1);
            array.SetValue(Argument(type.GetElementType()!), 0);
            return array;
        }
        if (type.GetProperty("Known", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is System.Collections.IEnumerable known)
        {
            return known.Cast<object>().Last();
        }
        if (ModelWalk.IsModel(type)) return ModelSamples.Minimal(ModelWalk.ConcreteTypes(type).Last());
        throw new InvalidOperationException($"No argument of type {type.Name}: add one.");
    }
}
