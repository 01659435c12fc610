using System.Text.Json;
using System.Text.Json.Nodes;
using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Jobs;
using TrainingJobs.Sdk.Lineage.Exports;
using TrainingJobs.Sdk.Lineage;
using TrainingJobs.Sdk.Lineage.Graph;
using TrainingJobs.Sdk.Lineage.OpenLineage;

namespace TrainingJobs.Sdk.Tests.Lineage;

/// <summary>The lineage graph from records, and its exports: pure functions, tested on hand-made records of a two-step pipeline.</summary>
[Parallelizable(ParallelScope.All)]
public class LineageGraphTests
{
    private static readonly DateTimeOffset T0 = new(2025, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string Data = new('d', 64), Prepared = new('b', 64), PreparedDir = new('c', 64), Model = new('e', 64), ModelDir = new('f', 64), Code = new('a', 64);

    private static Job Job(string name, string? parent, JobStatus status, int minutes, JobError? error = null) => new(name, new CommandJob { Command = "run" }, status)
    {
        ExperimentName = "exp",
        ParentJobName = parent,
        CreatedOn = T0.AddMinutes(minutes),
        StartedOn = T0.AddMinutes(minutes + 1),
        EndedOn = status.IsTerminal ? T0.AddMinutes(minutes + 2) : null,
        Error = error,
        StatusHistory = [new JobStatusChange(JobStatus.Running, T0.AddMinutes(minutes + 1)), .. status.IsTerminal ? new[] { new JobStatusChange(status, T0.AddMinutes(minutes + 2)) } : []],
    };

    /// <summary>pipe (parent), prep (data.csv -> /ws/prep/prepared), train (/ws/prep/prepared -> /ws/train/model).</summary>
    internal static List<JobRecord> Pipeline(string trainName = "pipe_train", JobStatus? trainStatus = null, JobError? error = null) =>
    [
        new(Job("pipe", null, JobStatus.Completed, 0)) { SubmittedBy = "ana@box" },
        new(Job("pipe_prep", "pipe", JobStatus.Completed, 1))
        {
            CodeDigest = Code,
            SubmittedBy = "ana@box",
            Compute = new ComputeInfo("local", null, "box", "Linux", 2),
            Git = new GitState("0123456789abcdef0123456789abcdef01234567", "main", false, "https://example.org/team/repo.git"),
            Inputs = [new ResolvedInput("raw", "uri_file", "/data/data.csv", Data)],
            InputFiles = new Dictionary<string, IReadOnlyList<FileDigest>> { ["raw"] = [new FileDigest("data.csv", Data, 8)] },
            Outputs = new Dictionary<string, string> { ["prepared"] = "/ws/prep/prepared" },
            OutputDigests = new Dictionary<string, OutputDigest> { ["prepared"] = new(PreparedDir, 1, 8) },
            OutputFiles = new Dictionary<string, IReadOnlyList<FileDigest>> { ["prepared"] = [new FileDigest("prepared.csv", Prepared, 8)] },
        },
        new(Job(trainName, "pipe", trainStatus ?? JobStatus.Completed, 2, error))
        {
            CodeDigest = Code,
            SubmittedBy = "ana@box",
            Compute = new ComputeInfo("local", null, "box", "Linux", 2),
            Inputs = [new ResolvedInput("prepared", "uri_folder", "/ws/prep/prepared/", PreparedDir)],
            InputFiles = new Dictionary<string, IReadOnlyList<FileDigest>> { ["prepared"] = [new FileDigest("prepared.csv", Prepared, 8)] },
            Outputs = new Dictionary<string, string> { ["model"] = "/ws/train/model" },
            OutputDigests = new Dictionary<string, OutputDigest> { ["model"] = new(ModelDir, 1, 9) },
            OutputFiles = new Dictionary<string, IReadOnlyList<FileDigest>> { ["model"] = [new FileDigest("model.bin", Model, 9)] },
        },
    ];

    [Test]
    public void A_step_reading_another_steps_output_folder_is_informed_by_it_and_both_are_children_of_the_pipeline()
    {
        var graph = LineageGraph.From(Pipeline());

        graph.Edges.Should().Contain(new LineageEdge("job:pipe_train", "job:pipe_prep", LineageEdgeKind.WasInformedBy, "prepared <- prepared"));
        graph.Edges.Where(e => e.Kind == LineageEdgeKind.WasInformedBy).Should().ContainSingle();
        graph.Edges.Where(e => e.Kind == LineageEdgeKind.ChildOf).Select(e => e.From).Should().BeEquivalentTo(["job:pipe_prep", "job:pipe_train"]);
        graph.Edges.Should().Contain(new LineageEdge("sha256:" + PreparedDir, "job:pipe_prep", LineageEdgeKind.WasGeneratedBy, "prepared"))
            .And.Contain(new LineageEdge("job:pipe_train", "sha256:" + PreparedDir, LineageEdgeKind.Used, "prepared"))
            .And.Contain(new LineageEdge("job:pipe_prep", "sha256:" + Code, LineageEdgeKind.Used, "code"))
            .And.Contain(new LineageEdge("job:pipe_prep", "agent:ana@box", LineageEdgeKind.WasAssociatedWith, null));
        graph.Nodes.Should().ContainSingle(n => n.Id == "sha256:" + PreparedDir, "the output and the input that read it are one content node");
    }

    [Test]
    public void The_graph_answers_who_produced_content_and_what_is_upstream_of_a_job()
    {
        var graph = LineageGraph.From(Pipeline());

        graph.ProducersOf(Model).Should().Equal(["pipe_train"], "a file of an output folder is found through the record's file list");
        graph.ProducersOf(ModelDir.ToUpperInvariant()).Should().Equal(["pipe_train"]);
        graph.ProducersOf(PreparedDir).Should().Equal(["pipe_prep"]);
        graph.ProducersOf(Data).Should().BeEmpty("the source data was read, not produced");
        graph.UpstreamOf("pipe_train").Should().Equal(["pipe_prep"]);
        graph.UpstreamOf("pipe_prep").Should().BeEmpty();
        graph.FindNode(LineageGraph.JobId("pipe_prep"))!.Kind.Should().Be(LineageNodeKind.Job);
        graph.FindNode(LineageGraph.ContentId(Data))!.Label.Should().Be("/data/data.csv");
        graph.FindNode("job:nobody").Should().BeNull();
        graph.EdgesTo(LineageGraph.JobId("pipe")).Select(e => e.Kind).Should().AllBeEquivalentTo(LineageEdgeKind.ChildOf);
    }

    [Test]
    public void The_same_path_with_other_content_is_not_a_binding()
    {
        var records = Pipeline();
        var train = records[2];
        var rewritten = new JobRecord(train.Job)
        {
            Inputs = [new ResolvedInput("prepared", "uri_folder", "/ws/prep/prepared", new string('9', 64))],
            InputFiles = new Dictionary<string, IReadOnlyList<FileDigest>> { ["prepared"] = [new FileDigest("prepared.csv", new string('8', 64), 8)] },
        };

        LineageBindings.ProducerOutput(rewritten.Inputs[0], rewritten, records[1]).Should().BeNull();
        LineageBindings.ProducerOutput(train.Inputs[0], train, records[1]).Should().Be("prepared");
    }

    [Test]
    public void OpenLineage_events_are_start_and_end_per_job_with_deterministic_run_ids_parent_and_digest_facets()
    {
        var lines = OpenLineageExport.Write(LineageGraph.From(Pipeline(trainStatus: JobStatus.Failed, error: new JobError(JobErrorCode.UserError, "exit 3"))))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();

        lines.Select(e => e["eventType"]!.GetValue<string>()).Should().Equal("START", "COMPLETE", "START", "COMPLETE", "START", "FAIL");
        lines.Should().OnlyContain(e => e["schemaURL"]!.GetValue<string>() == "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"
            && e["producer"]!.GetValue<string>().StartsWith("urn:trainingjobs-sdk:", StringComparison.Ordinal) && e["job"]!["namespace"]!.GetValue<string>() == "local://box"
            || e["job"]!["name"]!.GetValue<string>() == "exp.pipe");
        var train = lines.Where(e => e["job"]!["name"]!.GetValue<string>() == "exp.pipe_train").ToList();
        train.Select(e => e["run"]!["runId"]!.GetValue<string>()).Distinct().Should().Equal(OpenLineageRunId.For("pipe_train", T0.AddMinutes(2)).ToString());
        train[0]["eventTime"]!.GetValue<string>().Should().Be("2025-05-01T12:03:00.000Z", "START is the first Running of the timeline");
        train[1]["eventTime"]!.GetValue<string>().Should().Be("2025-05-01T12:04:00.000Z");
        train[1]["run"]!["facets"]!["errorMessage"]!["message"]!.GetValue<string>().Should().Be("exit 3");
        train[0]["run"]!["facets"]!["parent"]!["run"]!["runId"]!.GetValue<string>().Should().Be(OpenLineageRunId.For("pipe", T0).ToString());
        var prep = lines.First(e => e["job"]!["name"]!.GetValue<string>() == "exp.pipe_prep");
        prep["inputs"]![0]!["namespace"]!.GetValue<string>().Should().Be("file");
        prep["inputs"]![0]!["facets"]![OpenLineageExport.DigestFacet]!["sha256"]!.GetValue<string>().Should().Be(Data);
        prep["outputs"]![0]!["facets"]![OpenLineageExport.DigestFacet]!["files"]![0]!["sha256"]!.GetValue<string>().Should().Be(Prepared);
        prep["job"]!["facets"]!["sourceCodeLocation"]!["version"]!.GetValue<string>().Should().Be("0123456789abcdef0123456789abcdef01234567");
        foreach (var facet in lines.SelectMany(Facets)) facet.AsObject().Should().ContainKeys("_producer", "_schemaURL");
    }

    private static IEnumerable<JsonNode> Facets(JsonNode e) =>
        new[] { e["run"]!["facets"], e["job"]!["facets"] }
            .Concat(e["inputs"]!.AsArray().Concat(e["outputs"]!.AsArray()).Select(d => d!["facets"]))
            .SelectMany(f => f!.AsObject().Select(p => p.Value!));

    [Test]
    public void Prov_json_has_the_prov_maps_and_derives_the_model_from_what_its_job_used()
    {
        using var prov = JsonDocument.Parse(ProvJsonExport.Write(LineageGraph.From(Pipeline())));
        var root = prov.RootElement;

        root.EnumerateObject().Select(p => p.Name).Should().Equal("prefix", "entity", "activity", "agent", "used", "wasGeneratedBy", "wasAssociatedWith", "wasInformedBy", "wasDerivedFrom");
        root.GetProperty("activity").GetProperty("tj:job:pipe_train").GetProperty("prov:endTime").GetProperty("type").GetString().Should().Be("xsd:dateTime");
        root.GetProperty("wasInformedBy").EnumerateObject().Single().Value.GetProperty("prov:informant").GetString().Should().Be("tj:job:pipe_prep");
        root.GetProperty("wasDerivedFrom").EnumerateObject().Select(d => (d.Value.GetProperty("prov:generatedEntity").GetString(), d.Value.GetProperty("prov:usedEntity").GetString()))
            .Should().BeEquivalentTo([("tj:sha256:" + PreparedDir, "tj:sha256:" + Data), ("tj:sha256:" + ModelDir, "tj:sha256:" + PreparedDir)]);
        root.GetProperty("agent").GetProperty("tj:agent:ana@box").GetProperty("prov:type").GetString().Should().Be("prov:Person");
    }

    [Test]
    public void Mermaid_and_dot_keep_a_hostile_job_name_inside_its_label()
    {
        const string hostile = "x\"] --> evil[\"pwn\\\" } | #q";
        var graph = LineageGraph.From(Pipeline(trainName: hostile));

        var mermaid = MermaidExport.Write(graph);
        var dot = DotExport.Write(graph);

        var mermaidLine = mermaid.Split('\n').Single(l => l.Contains("evil", StringComparison.Ordinal) && !l.Contains("-->|", StringComparison.Ordinal));
        mermaidLine.Should().MatchRegex(@"^    n\d+\[""[^""\[\]|]*""\]$").And.Contain("x#quot;#93; --#gt; evil#91;#quot;pwn\\#quot; #125; #124; #35;q");
        mermaid.Split('\n').Where(l => l.Contains("-->", StringComparison.Ordinal)).Should().OnlyContain(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^    n\d+ -->\|""[^""|]*""\| n\d+$"));
        dot.Should().Contain("[label=\"x\\\"] --> evil[\\\"pwn\\\\\\\" } | #q\", shape=box];");
        dot.Split('\n').Where(l => l.Contains("->", StringComparison.Ordinal) && l.StartsWith("    n", StringComparison.Ordinal) && !l.Contains("label=\"x", StringComparison.Ordinal))
            .Should().OnlyContain(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^    n\d+ -> n\d+ \[label=""[^""]*""\];$"));
    }
}
