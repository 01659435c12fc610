using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Building;

/// <summary>
/// Builds a <see cref="CommandJob"/>. The command is an interpolated string whose input and output handles
/// write <c>${{inputs.x}}</c> / <c>${{outputs.y}}</c>; a handle the command uses but the job does not declare
/// is declared automatically from the handle (an explicit <see cref="JobBuilder{TSelf, TJob}.WithInput(InputHandle)"/> wins).
/// </summary>
/// <example><code>
/// var lr = Input.Number("lr", 0.01);
/// var model = Output.UriFolder("model");
/// CommandJob job = new CommandJobBuilder()
///     .WithCommand($"python train.py --lr {lr} --out {model}")
///     .WithEnvironment("azureml:AzureML-sklearn-1.5@latest")
///     .Build();
/// </code></example>
public sealed class CommandJobBuilder : JobBuilder<CommandJobBuilder, CommandJob>
{
    private readonly CommandText? _command;

    /// <summary>Starts an empty command job.</summary>
    public CommandJobBuilder()
        : this(new CommandJob(), null)
    {
    }

    private CommandJobBuilder(CommandJob draft, CommandText? command)
        : base(draft) => _command = command;

    /// <summary>The command text with the handles it uses, when it was given as an interpolated string.</summary>
    internal CommandText? CommandText => _command;

    /// <summary>Sets the command from an interpolated string: <c>$"python train.py --lr {lr}"</c>.</summary>
    /// <param name="command">The interpolated command.</param>
    public CommandJobBuilder WithCommand(CommandTextHandler command) => WithCommand(command.ToCommandText());

    /// <summary>Sets the command from captured command text.</summary>
    /// <param name="command">The command text.</param>
    public CommandJobBuilder WithCommand(CommandText command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return new(Draft with { Command = command.Text }, command);
    }

    /// <summary>Sets the command as plain text (its <c>${{…}}</c> expressions are taken as written).</summary>
    /// <param name="command">The command line.</param>
    public CommandJobBuilder WithCommand(string command) => new(Draft with { Command = command }, null);

    /// <summary>Sets the code: a local folder or file, <c>azureml:name:version</c>, or a <c>git+https://</c> URL.</summary>
    /// <param name="code">The code location.</param>
    public CommandJobBuilder WithCode(string code) => WithDraft(Draft with { Code = code });

    /// <summary>Runs in a registered environment: <c>azureml:name:version</c>, <c>azureml:name@latest</c>, a registry URI or an ARM id.</summary>
    /// <param name="reference">The environment reference.</param>
    public CommandJobBuilder WithEnvironment(string reference) => WithEnvironment(new EnvironmentReference(reference));

    /// <summary>Runs in the given environment (a reference or an inline definition).</summary>
    /// <param name="environment">The environment.</param>
    public CommandJobBuilder WithEnvironment(JobEnvironment environment) => WithDraft(Draft with { Environment = environment });

    /// <summary>Runs in an inline environment: a Docker image, optionally with a conda file.</summary>
    /// <param name="image">The image, e.g. <c>mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04</c>.</param>
    /// <param name="condaFile">The path of a conda YAML file.</param>
    public CommandJobBuilder WithImage(string image, string? condaFile = null) =>
        WithEnvironment(new InlineEnvironment { Image = image, CondaFile = condaFile });

    /// <summary>Runs in an inline environment built from a Docker build context.</summary>
    /// <param name="path">The folder (or URI) of the build context.</param>
    /// <param name="dockerfilePath">The Dockerfile inside the context; defaults to <c>Dockerfile</c>.</param>
    public CommandJobBuilder WithBuildContext(string path, string? dockerfilePath = null) =>
        WithEnvironment(new InlineEnvironment { Build = new BuildContext(path, dockerfilePath) });

    /// <summary>Adds or replaces an environment variable of the command.</summary>
    /// <param name="name">The variable name.</param>
    /// <param name="value">The value.</param>
    public CommandJobBuilder WithEnvironmentVariable(string name, string value) =>
        WithDraft(Draft with { EnvironmentVariables = Draft.EnvironmentVariables.SetItem(name, value) });

    /// <summary>Sets the compute resources.</summary>
    /// <param name="resources">The resources.</param>
    public CommandJobBuilder WithResources(JobResources resources) => WithDraft(Draft with { Resources = resources });

    /// <summary>Sets the node count and, optionally, the VM size (other resource fields are kept).</summary>
    /// <param name="instanceCount">The number of nodes.</param>
    /// <param name="instanceType">The VM size, e.g. <c>Standard_NC6s_v3</c>.</param>
    public CommandJobBuilder WithInstances(int instanceCount, string? instanceType = null)
    {
        var resources = Draft.Resources ?? new JobResources();
        return WithResources(resources with { InstanceCount = instanceCount, InstanceType = instanceType ?? resources.InstanceType });
    }

    /// <summary>Sets how the command is distributed.</summary>
    /// <param name="distribution">The distribution.</param>
    public CommandJobBuilder WithDistribution(Distribution distribution) => WithDraft(Draft with { Distribution = distribution });

    /// <summary>Launches with PyTorch distributed.</summary>
    /// <param name="processCountPerInstance">Processes per node.</param>
    public CommandJobBuilder WithPyTorchDistribution(int? processCountPerInstance = null) =>
        WithDistribution(new PyTorchDistribution { ProcessCountPerInstance = processCountPerInstance });

    /// <summary>Launches with MPI.</summary>
    /// <param name="processCountPerInstance">Processes per node.</param>
    public CommandJobBuilder WithMpiDistribution(int? processCountPerInstance = null) =>
        WithDistribution(new MpiDistribution { ProcessCountPerInstance = processCountPerInstance });

    /// <summary>Launches TensorFlow workers and parameter servers.</summary>
    /// <param name="workerCount">The number of workers.</param>
    /// <param name="parameterServerCount">The number of parameter servers.</param>
    public CommandJobBuilder WithTensorFlowDistribution(int? workerCount = null, int? parameterServerCount = null) =>
        WithDistribution(new TensorFlowDistribution { WorkerCount = workerCount, ParameterServerCount = parameterServerCount });

    /// <summary>Stops the job after <paramref name="timeout"/>.</summary>
    /// <param name="timeout">The longest the job may run.</param>
    public CommandJobBuilder WithTimeout(TimeSpan timeout) => WithDraft(Draft with { Limits = new CommandJobLimits { Timeout = timeout } });

    /// <summary>Sets the queue settings.</summary>
    /// <param name="jobTier">The job tier.</param>
    /// <param name="priority">The priority (<c>low</c>, <c>medium</c>, <c>high</c>).</param>
    public CommandJobBuilder WithQueueSettings(JobTier? jobTier = null, string? priority = null) =>
        WithDraft(Draft with { QueueSettings = new QueueSettings { JobTier = jobTier, Priority = priority } });

    /// <inheritdoc />
    private protected override CommandJobBuilder WithDraft(CommandJob draft) => new(draft, _command);

    /// <inheritdoc />
    private protected override CommandJob Assemble(BuilderContext context, string path)
    {
        if (_command is null) return Draft;
        return Draft with
        {
            Inputs = HandleDeclarations.Declare(Draft.Inputs, _command.Inputs, context, path),
            Outputs = HandleDeclarations.Declare(Draft.Outputs, _command.Outputs, context, path),
        };
    }
}
