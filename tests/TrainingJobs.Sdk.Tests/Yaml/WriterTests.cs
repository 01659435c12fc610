using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Yaml;

namespace TrainingJobs.Sdk.Tests.Yaml;

/// <summary>Values that YAML could misread are written so that they read back unchanged.</summary>
public class WriterTests
{
    private static JobDefinition RoundTrip(JobDefinition job)
    {
        var yaml = YamlJobWriter.Write(job);
        var result = YamlJobLoader.LoadText(yaml, new YamlLoadOptions { Validate = false });
        result.Diagnostics.Should().BeEmpty(yaml);
        return result.Definition!;
    }

    [Test]
    public void Text_that_looks_like_another_type_is_quoted()
    {
        var job = new CommandJob
        {
            Command = "python train.py",
            Tags = ValueMap.Of(("a", "true"), ("b", "10"), ("c", "1.5"), ("d", "null"), ("e", ""), ("f", " padded "), ("g", "01"), ("h", "~"), ("i", "key: value"), ("j", "- item"), ("k", "#comment")),
            Inputs = ValueMap.Of<JobInput>(("s", new LiteralInput { Value = "True" }), ("n", new LiteralInput { Value = 1.0 }), ("big", new LiteralInput { Value = 1e300 }),
                ("tiny", new LiteralInput { Value = -2.5e-10 }), ("i", new LiteralInput { Value = long.MinValue })),
        };

        RoundTrip(job).Should().Be(job);
    }

    [Test]
    public void Multi_line_commands_and_special_characters_survive()
    {
        var job = new CommandJob
        {
            Command = "echo one\n  indented two\n\ntrailing spaces   \nlast line\n",
            Description = "tab\there, quote \" and ' and unicode caf\u00e9 \u2603",
            DisplayName = "line\r\nbreaks",
        };

        RoundTrip(job).Should().Be(job);
    }

    [TestCase("  starts indented\nsecond")]
    [TestCase("keeps\n\n\n")]
    [TestCase("\n")]
    [TestCase("\nleading newline")]
    [TestCase("ends with a space line\n ")]
    [TestCase("# not a comment\n- not a list\nkey: not a map")]
    [TestCase("${{inputs.a}}\n$[[--b ${{inputs.b}}]]")]
    public void Awkward_multi_line_text_survives(string command)
    {
        var job = new CommandJob { Command = command };

        RoundTrip(job).Should().Be(job);
    }

    [Test]
    public void Random_text_from_awkward_characters_reads_back_unchanged()
    {
        const string alphabet = " \n:#-\"'{}[]|>&*!%@`a1.\u00e9\t\r\\~,?=$";
        var random = new Random(4242);
        var failures = new List<string>();
        for (var i = 0; i < 3000; i++)
        {
            var chars = new char[random.Next(1, 12)];
            for (var c = 0; c < chars.Length; c++) chars[c] = alphabet[random.Next(alphabet.Length)];
            var text = new string(chars);
            // A literal input never holds "${{" (that text is read as a binding), so the input gets the text without '$'.
            var job = new CommandJob { Command = text, Tags = ValueMap.Of(("t", text)), Inputs = ValueMap.Of<JobInput>(("s", new LiteralInput { Value = text.Replace("$", "", StringComparison.Ordinal) })) };
            var yaml = YamlJobWriter.Write(job);
            var back = YamlJobLoader.LoadText(yaml, new YamlLoadOptions { Validate = false });
            if (!job.Equals(back.Definition)) failures.Add(System.Text.Json.JsonSerializer.Serialize(text) + " => " + yaml + string.Join(" | ", back.Diagnostics));
        }
        failures.Should().BeEmpty();
    }

    [Test]
    public void Every_part_of_a_command_job_round_trips()
    {
        var job = new CommandJob
        {
            Name = "job-1",
            DisplayName = "Job",
            ExperimentName = "exp",
            Description = "d",
            Tags = ValueMap.Of(("team", "ml")),
            Properties = ValueMap.Of(("p", "1")),
            Compute = "azureml:gpu",
            Command = "python train.py --lr ${{inputs.lr}}",
            Code = "./src",
            Environment = new InlineEnvironment
            {
                Image = "img:latest", CondaSpecification = new FreeformValue("""{"name":"e","dependencies":["python=3.10",{"pip":["x==1.0"]}]}"""),
                Name = "n", Version = "1",
            },
            EnvironmentVariables = ValueMap.Of(("A", "1")),
            Resources = new JobResources
            {
                InstanceCount = 2, InstanceType = "Standard_NC6", ShmSize = "4g", DockerArgs = "--ipc=host", MaxInstanceCount = 4,
                Locations = ValueList.Of("westus"), Properties = ValueMap.Of(("x", new FreeformValue("""{"a":[1,2.5,"3",true,null]}"""))),
            },
            Distribution = new MpiDistribution { ProcessCountPerInstance = 8, AdditionalFields = ValueMap.Of(("extra", new FreeformValue("1"))) },
            Limits = new CommandJobLimits { Timeout = TimeSpan.FromMilliseconds(1500) },
            QueueSettings = new QueueSettings { JobTier = JobTier.Premium, Priority = "low" },
            Inputs = ValueMap.Of<JobInput>(
                ("lr", new LiteralInput { Type = LiteralType.Number, Value = 0.1, Default = 0.01, Min = 0, Max = 1, Optional = true, Description = "rate" }),
                ("choice", new LiteralInput { Type = LiteralType.String, Enum = ValueList.Of("a", "b") }),
                ("data", new AssetInput { Type = AssetType.MLTable, Path = "azureml:data:1", Mode = InputMode.EvalMount, Datastore = "ws" }),
                ("untyped", new AssetInput { TypeIsExplicit = false, Path = "./data" })),
            Outputs = ValueMap.Of(
                ("model", new JobOutput { Type = "mlflow_model", Mode = OutputMode.Upload, AssetName = "m", AssetVersion = "3", Description = "d" }),
                ("bare", new JobOutput())),
            Identity = new ManagedIdentity { ClientId = "c", ObjectId = "o", ResourceId = "r" },
            Services = ValueMap.Of(("jupyter", new JobService { Type = "jupyter_lab", Port = 8888, Properties = ValueMap.Of(("k", "v")) })),
            Notifications = new NotificationSettings
            {
                Emails = ValueList.Of("a@example.com"), EmailOn = ValueList.Of("JobFailed"),
                Webhooks = ValueMap.Of(("hook", new Webhook("AzureDevOps", "RunTerminated"))),
            },
        };

        RoundTrip(job).Should().Be(job);
    }

    [Test]
    public void Sweeps_with_every_policy_and_parameter_round_trip()
    {
        var sweep = new SweepJob
        {
            Trial = new CommandJob { Command = "python t.py --x ${{search_space.x}}", Environment = new EnvironmentReference("azureml:env@latest") },
            SamplingAlgorithm = new RandomSamplingAlgorithm { Seed = 7, Rule = "sobol", LogBase = "2" },
            Objective = new SweepObjective("loss", Goal.Minimize),
            SearchSpace = ValueMap.Of<SearchSpaceParameter>(
                ("x", new UniformParameter { MinValue = 0, MaxValue = 1, Q = 0.1 }),
                ("y", new NormalParameter { Mu = 0, Sigma = 1, Log = true }),
                ("z", new RandIntParameter(10)),
                ("c", new ChoiceParameter
                {
                    Values = ValueList.Of(new ChoiceOption { Value = 1 }, new ChoiceOption { Value = "1" }, new ChoiceOption
                    {
                        Group = ValueMap.Of<SearchSpaceParameter>(("k", new ConstantParameter(true)), ("m", new RandIntParameter(3))),
                    }),
                })),
            Limits = new SweepJobLimits { MaxTotalTrials = 10, MaxConcurrentTrials = 2, Timeout = TimeSpan.FromHours(2), TrialTimeout = TimeSpan.FromMinutes(5) },
            EarlyTermination = new BanditPolicy { SlackFactor = 0.1, EvaluationInterval = 1, DelayEvaluation = 5 },
            Inputs = ValueMap.Of<JobInput>(("a", new LiteralInput { Value = 0.5 })),
        };

        RoundTrip(sweep).Should().Be(sweep);
        RoundTrip(sweep with { EarlyTermination = new TruncationSelectionPolicy { TruncationPercentage = 20 }, SamplingAlgorithm = new GridSamplingAlgorithm() })
            .Should().Be(sweep with { EarlyTermination = new TruncationSelectionPolicy { TruncationPercentage = 20 }, SamplingAlgorithm = new GridSamplingAlgorithm() });
        var median = sweep with { EarlyTermination = new MedianStoppingPolicy(), SamplingAlgorithm = new BayesianSamplingAlgorithm() };
        RoundTrip(median).Should().Be(median);
    }

    [Test]
    public void Pipelines_with_inline_components_and_nested_steps_round_trip()
    {
        var component = new ComponentDefinition
        {
            Name = "inline", Version = "01", IsDeterministic = true, AdditionalIncludes = ValueList.Of("../common"),
            Body = new CommandJob { Command = "echo ${{inputs.x}}", Inputs = ValueMap.Of<JobInput>(("x", new LiteralInput { Type = LiteralType.Integer })) },
        };
        var pipeline = new PipelineJob
        {
            Settings = new PipelineSettings { DefaultCompute = "azureml:cpu", ContinueOnStepFailure = true },
            Steps = ValueMap.Of(
                ("a", new PipelineStep
                {
                    Job = new CommandJob { Inputs = ValueMap.Of<JobInput>(("x", new BindingInput { Expression = "${{parent.inputs.x}}" })) },
                    Component = new ComponentReference { Definition = component },
                }),
                ("b", new PipelineStep
                {
                    Job = new CommandJob
                    {
                        Command = "echo",
                        Inputs = ValueMap.Of<JobInput>(("y", new BindingInput { Expression = "${{parent.jobs.a.outputs.o}}", Type = "integer", Mode = InputMode.Direct })),
                        Outputs = ValueMap.Of(("o", new JobOutput { Path = "${{parent.outputs.o}}" })),
                    },
                }),
                ("c", new PipelineStep { Job = new PipelineJob(), Component = new ComponentReference { Reference = "azureml:sub@latest" } }),
                ("d", new PipelineStep
                {
                    Job = new SweepJob
                    {
                        Trial = new CommandJob(), TrialReference = new ComponentReference { Reference = "azureml:train:1" },
                        SamplingAlgorithm = new RandomSamplingAlgorithm { IsShorthand = true }, Objective = new SweepObjective("acc", Goal.Maximize),
                        Limits = new SweepJobLimits { MaxTotalTrials = 4 },
                    },
                })),
            Inputs = ValueMap.Of<JobInput>(("x", new LiteralInput { Value = 3 })),
            Outputs = ValueMap.Of(("o", new JobOutput { Mode = OutputMode.Upload })),
        };

        RoundTrip(pipeline).Should().Be(pipeline);
    }

    [Test]
    public async Task Writing_a_file_replaces_it_atomically()
    {
        var path = Path.Combine(Path.GetTempPath(), "tj-write-" + Guid.NewGuid().ToString("N") + ".yml");
        try
        {
            await File.WriteAllTextAsync(path, "old");
            var job = new CommandJob { Command = "echo" };

            await YamlJobWriter.WriteFileAsync(job, path);

            YamlJobLoader.Load(path, new YamlLoadOptions { Validate = false }).Definition.Should().Be(job);
            Directory.GetFiles(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + "*.tmp").Should().BeEmpty();
        }
        finally
        {
            File.Delete(path);
        }
    }
}
