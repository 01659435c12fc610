using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace TrainingJobs.Sdk.DependencyInjection;

/// <summary>
/// Gives every workspace the container's <see cref="TimeProvider"/> and <see cref="ILoggerFactory"/> where the
/// application registered them and the workspace's settings still hold the defaults (<see cref="TimeProvider.System"/>,
/// <see cref="NullLoggerFactory"/>): what code set on a workspace wins.
/// </summary>
internal sealed class ContainerServices(IServiceProvider services) : IPostConfigureOptions<TrainingJobsOptions>
{
    public void PostConfigure(string? name, TrainingJobsOptions options)
    {
        var time = (TimeProvider?)services.GetService(typeof(TimeProvider));
        var loggers = (ILoggerFactory?)services.GetService(typeof(ILoggerFactory));
        foreach (var workspace in options.Workspaces.Values)
        {
            if (workspace is null) continue; // the validation reports it
            if (time is not null)
            {
                if (ReferenceEquals(workspace.Local.TimeProvider, TimeProvider.System)) workspace.Local.TimeProvider = time;
                if (ReferenceEquals(workspace.AzureML.TimeProvider, TimeProvider.System)) workspace.AzureML.TimeProvider = time;
            }
            if (loggers is not null && ReferenceEquals(workspace.Local.LoggerFactory, NullLoggerFactory.Instance)) workspace.Local.LoggerFactory = loggers;
        }
    }
}
