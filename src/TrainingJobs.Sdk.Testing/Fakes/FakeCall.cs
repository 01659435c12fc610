namespace TrainingJobs.Sdk.Testing.Fakes;

/// <summary>One call a <see cref="FakeTrainingJobsClient"/> received, for assertions.</summary>
public sealed class FakeCall
{
    internal FakeCall(string method, string? jobName, IReadOnlyList<object?> arguments, DateTimeOffset calledOn)
    {
        Method = method;
        JobName = jobName;
        Arguments = arguments;
        CalledOn = calledOn;
    }

    /// <summary>The client method, e.g. <c>SubmitAsync</c>.</summary>
    public string Method { get; }

    /// <summary>The job the call was about (for a submit, the name the job got); null for calls about no one job.</summary>
    public string? JobName { get; }

    /// <summary>The arguments as passed, in order, without the cancellation token.</summary>
    public IReadOnlyList<object?> Arguments { get; }

    /// <summary>When it was called, by the fake's <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset CalledOn { get; }

    /// <inheritdoc/>
    public override string ToString() => JobName is null ? $"{CalledOn:O} {Method}" : $"{CalledOn:O} {Method}({JobName})";
}
