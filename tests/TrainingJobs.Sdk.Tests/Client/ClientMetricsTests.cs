using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Tests.Local;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.Client;

/// <summary>The client's meter (TrainingJobsTelemetry.MeterName) as an OpenTelemetry exporter would read it, for a real local job.</summary>
public class ClientMetricsTests
{
    private sealed record Measurement(string Instrument, double Value, Dictionary<string, string?> Tags);

    private static MeterListener Listen(ConcurrentBag<Measurement> into)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == TrainingJobsTelemetry.MeterName) l.EnableMeasurementEvents(instrument);
            },
        };
        void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
            into.Add(new Measurement(instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString())));
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Add(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Add(i, v, t));
        listener.Start();
        return listener;
    }

    [Test]
    public async Task A_submitted_and_awaited_local_job_is_counted_with_its_backend_kind_and_end_and_a_refused_one_as_an_error()
    {
        var measured = new ConcurrentBag<Measurement>();
        using var listener = Listen(measured);
        await using var ws = new TempWorkspace();

        var job = await ws.Client.SubmitAsync(new CommandJob { Command = "true" });
        await ws.Client.WaitForCompletionAsync(job.Name);
        var refused = async () => await ws.Client.SubmitAsync(new CommandJob { Command = "" });
        await refused.Should().ThrowAsync<JobValidationException>();

        measured.Should().Contain(m => m.Instrument == "trainingjobs.client.jobs.submitted" && m.Value == 1
            && m.Tags["trainingjobs.backend"] == "local" && m.Tags["trainingjobs.job.kind"] == "command");
        measured.Should().Contain(m => m.Instrument == "trainingjobs.client.submit.duration" && m.Value > 0 && m.Tags["trainingjobs.outcome"] == "submitted");
        measured.Should().Contain(m => m.Instrument == "trainingjobs.client.submit.duration" && m.Tags["trainingjobs.outcome"] == "error");
        measured.Should().Contain(m => m.Instrument == "trainingjobs.client.jobs.ended" && m.Tags["trainingjobs.job.status"] == "Completed"
            && m.Tags["trainingjobs.backend"] == "local");
    }
}
