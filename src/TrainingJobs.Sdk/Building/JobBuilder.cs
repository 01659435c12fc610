using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Building;

/// <summary>
/// The common base of the job builders. It lets a pipeline step hold a builder of any kind; use
/// <see cref="CommandJobBuilder"/>, <see cref="PipelineJobBuilder"/> or <see cref="SweepJobBuilder"/>.
/// </summary>
public abstract class JobBuilder
{
    private protected JobBuilder()
    {
    }

    /// <summary>Makes this job a pipeline step named <paramref name="name"/>.</summary>
    /// <param name="name">The step name (the key under <c>jobs:</c>).</param>
    public PipelineStepBuilder AsStep(string name) => new(name, this);

    /// <summary>Builds the definition without validating it, collecting builder-level findings in <paramref name="context"/>.</summary>
    internal abstract JobDefinition AssembleDefinition(BuilderContext context, string path);
}

/// <summary>
/// The fields every job kind has: names, tags, compute, inputs, outputs, identity, services, notifications.
/// Builders are immutable: each <c>With…</c> returns a new builder and leaves this one as it was, so one
/// builder can serve as a template for many jobs.
/// </summary>
/// <typeparam name="TSelf">The concrete builder type, returned by every <c>With…</c>.</typeparam>
/// <typeparam name="TJob">The definition type <see cref="Build"/> returns.</typeparam>
public abstract class JobBuilder<TSelf, TJob> : JobBuilder
    where TSelf : JobBuilder<TSelf, TJob>
    where TJob : JobDefinition
{
    private protected JobBuilder(TJob draft) => Draft = draft;

    /// <summary>The definition so far (required parts may hold placeholders until <see cref="Build"/>).</summary>
    private protected TJob Draft { get; }

    /// <summary>Returns a builder like this one with another draft.</summary>
    private protected abstract TSelf WithDraft(TJob draft);

    /// <summary>Sets the job name (unique in a workspace; generated at submission when not set).</summary>
    /// <param name="name">The name.</param>
    public TSelf WithName(string name) => Edit(d => d with { Name = name });

    /// <summary>Sets the name shown in lists and the studio.</summary>
    /// <param name="displayName">The display name.</param>
    public TSelf WithDisplayName(string displayName) => Edit(d => d with { DisplayName = displayName });

    /// <summary>Sets the experiment that groups this job.</summary>
    /// <param name="experimentName">The experiment name.</param>
    public TSelf WithExperiment(string experimentName) => Edit(d => d with { ExperimentName = experimentName });

    /// <summary>Sets the description.</summary>
    /// <param name="description">The description.</param>
    public TSelf WithDescription(string description) => Edit(d => d with { Description = description });

    /// <summary>Adds or replaces a tag.</summary>
    /// <param name="key">The tag key.</param>
    /// <param name="value">The tag value.</param>
    public TSelf WithTag(string key, string value) => Edit(d => d with { Tags = d.Tags.SetItem(key, value) });

    /// <summary>Adds or replaces a property.</summary>
    /// <param name="key">The property key.</param>
    /// <param name="value">The property value.</param>
    public TSelf WithProperty(string key, string value) => Edit(d => d with { Properties = d.Properties.SetItem(key, value) });

    /// <summary>Sets the compute target: <c>azureml:cpu-cluster</c>, <c>local</c> or an ARM id (none means serverless).</summary>
    /// <param name="compute">The compute target.</param>
    public TSelf WithCompute(string compute) => Edit(d => d with { Compute = compute });

    /// <summary>Declares an input (replacing one of the same name).</summary>
    /// <param name="input">The input handle.</param>
    public TSelf WithInput(InputHandle input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return WithInput(input.Name, input.Declaration);
    }

    /// <summary>Declares an input from its model form (replacing one of the same name).</summary>
    /// <param name="name">The input name.</param>
    /// <param name="input">The input.</param>
    public TSelf WithInput(string name, JobInput input) => Edit(d => d with { Inputs = d.Inputs.SetItem(name, input) });

    /// <summary>Declares several inputs.</summary>
    /// <param name="inputs">The input handles.</param>
    public TSelf WithInputs(params InputHandle[] inputs) => inputs.Aggregate((TSelf)this, (b, i) => b.WithInput(i));

    /// <summary>Declares an output (replacing one of the same name).</summary>
    /// <param name="output">The output handle.</param>
    public TSelf WithOutput(OutputHandle output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return WithOutput(output.Name, output.Declaration);
    }

    /// <summary>Declares an output from its model form (replacing one of the same name).</summary>
    /// <param name="name">The output name.</param>
    /// <param name="output">The output.</param>
    public TSelf WithOutput(string name, JobOutput output) => Edit(d => d with { Outputs = d.Outputs.SetItem(name, output) });

    /// <summary>Declares several outputs.</summary>
    /// <param name="outputs">The output handles.</param>
    public TSelf WithOutputs(params OutputHandle[] outputs) => outputs.Aggregate((TSelf)this, (b, o) => b.WithOutput(o));

    /// <summary>Sets the identity the job uses to reach data.</summary>
    /// <param name="identity">The identity.</param>
    public TSelf WithIdentity(JobIdentity identity) => Edit(d => d with { Identity = identity });

    /// <summary>Uses the workspace's Azure ML token to reach data.</summary>
    public TSelf WithAmlTokenIdentity() => WithIdentity(new AmlTokenIdentity());

    /// <summary>Uses a managed identity: the compute's own when no id is given, else the user-assigned one named.</summary>
    /// <param name="clientId">The client id of a user-assigned identity.</param>
    /// <param name="objectId">The object id of a user-assigned identity.</param>
    /// <param name="resourceId">The ARM resource id of a user-assigned identity.</param>
    public TSelf WithManagedIdentity(string? clientId = null, string? objectId = null, string? resourceId = null) =>
        WithIdentity(new ManagedIdentity { ClientId = clientId, ObjectId = objectId, ResourceId = resourceId });

    /// <summary>Uses the identity of the user who submits the job.</summary>
    public TSelf WithUserIdentity() => WithIdentity(new UserIdentity());

    /// <summary>Adds or replaces an interactive service (JupyterLab, SSH, TensorBoard, VS Code, custom).</summary>
    /// <param name="name">The service name.</param>
    /// <param name="service">The service.</param>
    public TSelf WithService(string name, JobService service) => Edit(d => d with { Services = d.Services.SetItem(name, service) });

    /// <summary>Sets who is told when the job ends.</summary>
    /// <param name="notifications">The notification settings.</param>
    public TSelf WithNotifications(NotificationSettings notifications) => Edit(d => d with { Notifications = notifications });

    /// <summary>
    /// Builds the definition: declares the handles the job uses, validates it with <see cref="JobValidator"/>
    /// plus the builder's own checks, and returns it when nothing is an error.
    /// </summary>
    /// <exception cref="JobValidationException">The definition has errors; the exception lists every one with its path.</exception>
    public TJob Build()
    {
        var diagnostics = Diagnose(out var job);
        return diagnostics.Any(d => d.IsError) ? throw new JobValidationException(diagnostics) : job;
    }

    /// <summary>Returns every problem <see cref="Build"/> would report (errors and warnings), without throwing.</summary>
    public IReadOnlyList<Diagnostic> Validate() => Diagnose(out _);

    internal sealed override JobDefinition AssembleDefinition(BuilderContext context, string path) => Assemble(context, path);

    /// <summary>Builds the definition without validating it; builder-level findings go to <paramref name="context"/>.</summary>
    private protected abstract TJob Assemble(BuilderContext context, string path);

    private IReadOnlyList<Diagnostic> Diagnose(out TJob job)
    {
        var context = new BuilderContext();
        job = Assemble(context, "");
        return context.Merge(JobValidator.Validate(job));
    }

    private TSelf Edit(Func<JobDefinition, JobDefinition> edit) => WithDraft((TJob)edit(Draft));
}
