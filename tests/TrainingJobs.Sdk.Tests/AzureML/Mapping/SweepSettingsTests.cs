using TrainingJobs.Sdk.AzureML;
using TrainingJobs.Sdk.AzureML.Mapping;
using TrainingJobs.Sdk.AzureML.Mapping.FromRest;
using TrainingJobs.Sdk.AzureML.Mapping.ToRest;
using TrainingJobs.Sdk.AzureML.Rest;
using TrainingJobs.Sdk.Definitions;

namespace TrainingJobs.Sdk.Tests.AzureML.Mapping;

/// <summary>A sweep's search settings in both directions (<see cref="SweepSettingsWriter"/>, <see cref="SweepSettingsReader"/>).</summary>
public sealed class SweepSettingsTests
{
    private static readonly AzureMLWorkspaceScope Scope = new("sub-1", "rg-1", "ws-1");

    [Test]
    public void The_logbase_of_random_sampling_has_no_place_on_the_wire()
    {
        var context = new RestWriteContext(new RestMappingSession(Scope));

        var wire = SweepSettingsWriter.Sampling(new RandomSamplingAlgorithm { Seed = 7, LogBase = "e" }, "sampling_algorithm", context);

        wire.Should().BeOfType<RestRandomSamplingAlgorithm>().Which.Seed.Should().Be(7);
        context.Diagnostics.Should().ContainSingle().Which.Path.Should().Be("sampling_algorithm.logbase");
    }

    [Test]
    public void An_early_termination_policy_keeps_its_evaluation_settings_both_ways()
    {
        var policy = new BanditPolicy { SlackFactor = 0.1, EvaluationInterval = 2, DelayEvaluation = 5 };
        var context = new RestReadContext(session: null, Scope);

        var read = SweepSettingsReader.EarlyTermination(SweepSettingsWriter.EarlyTermination(policy), "early_termination", context);

        read.Should().Be(policy);
        context.Diagnostics.Should().BeEmpty();
    }

    [Test]
    public void An_unknown_sampling_algorithm_is_reported_and_read_as_random()
    {
        var context = new RestReadContext(session: null, Scope);
        var wire = new RestPlainSamplingAlgorithm { SamplingAlgorithmType = new RestSamplingAlgorithmType("Hyperband") };

        SweepSettingsReader.Sampling(wire, "sampling_algorithm", context).Should().BeOfType<RandomSamplingAlgorithm>();

        context.Diagnostics.Should().ContainSingle().Which.Code.Should().Be(RestDiagnosticCodes.UnknownWireValue);
    }

    [Test]
    public void Sweep_limits_report_an_unreadable_trial_timeout_at_its_own_path()
    {
        var context = new RestReadContext(session: null, Scope);
        var wire = new RestSweepJobLimits { JobLimitsType = RestJobLimitsType.Sweep, MaxTotalTrials = 4, Timeout = "PT1H", TrialTimeout = "soon" };

        var limits = SweepSettingsReader.Limits(wire, "jobs.s", context)!;

        limits.MaxTotalTrials.Should().Be(4);
        limits.Timeout.Should().Be(TimeSpan.FromHours(1));
        limits.TrialTimeout.Should().BeNull();
        context.Diagnostics.Should().ContainSingle().Which.Path.Should().Be("jobs.s.limits.trial_timeout");
    }
}
