using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Sweeps;
using static TrainingJobs.Sdk.Tests.Sweeps.SearchSpaces;

namespace TrainingJobs.Sdk.Tests.Sweeps;

public class RandomSamplerTests
{
    private static readonly ValueMap<SearchSpaceParameter> Mixed = Of(
        ("optimizer", Choice("adam", "sgd", "rmsprop")),
        ("layers", new RandIntParameter(5)),
        ("dropout", Uniform(0.1, 0.5)),
        ("lr", Uniform(-9, -2, log: true)),
        ("batch", Uniform(16, 256, q: 16)),
        ("width", Uniform(2, 6, q: 2, log: true)),
        ("momentum", Normal(0.9, 0.05)),
        ("decay", Normal(-5, 1, log: true)),
        ("warmup", Normal(100, 20, q: 10)),
        ("steps", Normal(5, 0.5, q: 25, log: true)));

    private static double Number(TrialParameters trial, string name) => trial[name].NumberValue;

    [TestCase(false)]
    [TestCase(true)]
    public void The_same_seed_gives_the_same_trials_and_another_seed_different_ones(bool sobol)
    {
        var rule = sobol ? SamplingRule.Sobol : SamplingRule.Random;
        var first = new RandomSampler(Mixed, 42, rule).Samples(50).ToList();
        var again = new RandomSampler(Mixed, 42, rule).Samples(50).ToList();
        var other = new RandomSampler(Mixed, 43, rule).Samples(50).ToList();

        again.Should().Equal(first);
        other.Zip(first).Count(p => p.First.Equals(p.Second)).Should().Be(0);
        first.Select(t => Number(t, "dropout")).Should().OnlyHaveUniqueItems("a seeded sequence still varies from trial to trial");
    }

    [Test]
    public void A_trial_can_be_computed_on_its_own_so_a_resumed_sweep_continues_with_the_same_points()
    {
        var sampler = new RandomSampler(Mixed, 7, SamplingRule.Sobol);
        var sequence = sampler.Samples(20).ToList();

        ((object)new RandomSampler(Mixed, 7, SamplingRule.Sobol).Sample(13)).Should().Be(sequence[13]);
    }

    [Test]
    public void A_seed_gives_values_fixed_for_good_so_a_change_of_generator_is_noticed()
    {
        // Pinned once from this implementation: the point of a seed is that these never change across versions.
        var trial = new RandomSampler(Of(("x", Uniform(0, 1)), ("n", new RandIntParameter(1000))), 2024).Sample(0);

        trial.ToString().Should().Be(Pinned);
    }

    private const string Pinned = "x=0.942416285841789, n=3";

    [Test]
    public void The_generator_is_splitmix64_as_published()
    {
        // The reference sequence for seed 1234567 (Vigna's splitmix64.c, as Rosetta Code lists it).
        var generator = new SplitMix64(1234567);

        new[] { generator.NextUInt64(), generator.NextUInt64(), generator.NextUInt64() }
            .Should().Equal(6457827717110365317UL, 3203168211198807973UL, 9817491932198370423UL);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Every_value_lies_in_its_range_has_its_type_and_sits_on_its_quantisation_step(bool sobol)
    {
        var rule = sobol ? SamplingRule.Sobol : SamplingRule.Random;
        foreach (var trial in new RandomSampler(Mixed, 1, rule).Samples(2000))
        {
            trial.Names.Should().Equal(Mixed.Keys);
            trial["optimizer"].StringValue.Should().BeOneOf("adam", "sgd", "rmsprop");
            trial["layers"].Type.Should().Be(LiteralType.Integer);
            trial["layers"].IntegerValue.Should().BeInRange(0, 4);
            Number(trial, "dropout").Should().BeInRange(0.1, 0.5);
            Number(trial, "lr").Should().BeInRange(Math.Exp(-9), Math.Exp(-2));
            Number(trial, "batch").Should().BeInRange(16, 256);
            OnStep(Number(trial, "batch"), 16).Should().BeTrue();
            Number(trial, "width").Should().BeInRange(Math.Exp(2) - 1, Math.Exp(6) + 1);
            OnStep(Number(trial, "width"), 2).Should().BeTrue();
            Number(trial, "decay").Should().BePositive();
            OnStep(Number(trial, "warmup"), 10).Should().BeTrue();
            OnStep(Number(trial, "steps"), 25).Should().BeTrue();
            foreach (var name in new[] { "dropout", "lr", "batch", "width", "momentum", "decay", "warmup", "steps" })
            {
                trial[name].Type.Should().Be(LiteralType.Number, name);
            }
        }
    }

    private static bool OnStep(double value, double q) => Math.Abs(value / q - Math.Round(value / q)) < 1e-9;

    [TestCase(false)]
    [TestCase(true)]
    public void Distributions_have_the_right_centre_and_spread(bool sobol)
    {
        var rule = sobol ? SamplingRule.Sobol : SamplingRule.Random;
        var trials = new RandomSampler(Mixed, 99, rule).Samples(20_000).ToList();

        var dropout = trials.Select(t => Number(t, "dropout")).ToList();
        dropout.Average().Should().BeApproximately(0.3, 0.005);
        StandardDeviation(dropout).Should().BeApproximately(0.4 / Math.Sqrt(12), 0.005);

        var logLr = trials.Select(t => Math.Log(Number(t, "lr"))).ToList();
        logLr.Average().Should().BeApproximately(-5.5, 0.05);

        var momentum = trials.Select(t => Number(t, "momentum")).ToList();
        momentum.Average().Should().BeApproximately(0.9, 0.002);
        StandardDeviation(momentum).Should().BeApproximately(0.05, 0.002);

        var logDecay = trials.Select(t => Math.Log(Number(t, "decay"))).ToList();
        logDecay.Average().Should().BeApproximately(-5, 0.03);
        StandardDeviation(logDecay).Should().BeApproximately(1, 0.03);

        trials.Average(t => (double)t["layers"].IntegerValue).Should().BeApproximately(2, 0.05);
        foreach (var name in new[] { "adam", "sgd", "rmsprop" })
        {
            trials.Count(t => t["optimizer"].StringValue == name).Should().BeInRange(6_300, 7_000, name);
        }
        trials.Select(t => t["layers"].IntegerValue).Distinct().Should().BeEquivalentTo(new long[] { 0, 1, 2, 3, 4 });
    }

    private static double StandardDeviation(IReadOnlyCollection<double> values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    [Test]
    public void A_nested_choice_samples_the_chosen_group_under_dotted_names_and_every_branch_occurs()
    {
        var space = Of(
            ("model", Choice(
                Group(("kind", new ConstantParameter("svm")), ("c", Uniform(0.1, 10, log: false))),
                Group(("kind", new ConstantParameter("forest")), ("trees", new RandIntParameter(100)),
                    ("depth", Choice(Group(("max", new RandIntParameter(3))), "none"))),
                "linear")),
            ("lr", Uniform(0, 1)));

        var trials = new RandomSampler(space, 5).Samples(600).ToList();

        var svm = trials.Where(t => t.TryGetValue("model.kind", out var k) && k.StringValue == "svm").ToList();
        var forest = trials.Where(t => t.TryGetValue("model.kind", out var k) && k.StringValue == "forest").ToList();
        var linear = trials.Where(t => t.TryGetValue("model", out _)).ToList();
        svm.Should().AllSatisfy(t => t.Names.Should().Equal("model.kind", "model.c", "lr"));
        forest.Should().AllSatisfy(t => t.Names.Should().StartWith(new[] { "model.kind", "model.trees" }).And.EndWith("lr"));
        linear.Should().AllSatisfy(t => t.Names.Should().Equal("model", "lr"));
        new[] { svm.Count, forest.Count, linear.Count }.Should().AllSatisfy(n => n.Should().BeInRange(150, 250));
        forest.Should().Contain(t => t.Names.Contains("model.depth.max")).And.Contain(t => t.Names.Contains("model.depth"));
    }

    [Test]
    public void A_log_base_replaces_e_in_the_log_forms()
    {
        var trials = new RandomSampler(Of(("lr", Uniform(-4, -1, log: true))), 3, SamplingRule.Random, logBase: 10).Samples(5000).ToList();

        trials.Should().AllSatisfy(t => t["lr"].NumberValue.Should().BeInRange(1e-4, 1e-1));
        trials.Average(t => Math.Log10(t["lr"].NumberValue)).Should().BeApproximately(-2.5, 0.03);
    }

    [Test]
    public void Quantisation_rounds_half_to_even_as_numpy_does()
    {
        RandomSampler.Quantize(2.5, 1).Should().Be(2);
        RandomSampler.Quantize(3.5, 1).Should().Be(4);
        RandomSampler.Quantize(37, 16).Should().Be(32);
        RandomSampler.Quantize(41, 16).Should().Be(48);
        RandomSampler.Quantize(-7, 5).Should().Be(-5);
    }

    [Test]
    public void A_whole_quantised_number_reaches_the_command_line_without_a_decimal_point()
    {
        var trial = new RandomSampler(Of(("batch", Uniform(16, 256, q: 16))), 11).Sample(0);

        trial["batch"].Type.Should().Be(LiteralType.Number);
        trial["batch"].ToString().Should().MatchRegex("^[0-9]+$");
    }

    [Test]
    public void The_algorithm_gives_the_rule_seed_and_log_base_and_the_drivers_seed_fills_in_a_missing_one()
    {
        var space = Of(("x", Uniform(0, 1)));

        var seeded = RandomSampler.For(new RandomSamplingAlgorithm { Seed = 5, Rule = "Sobol", LogBase = "10" }, space, seedWhenUnset: 99);
        var unseeded = RandomSampler.For(new RandomSamplingAlgorithm(), space, seedWhenUnset: 99);

        seeded.Seed.Should().Be(5);
        seeded.Rule.Should().Be(SamplingRule.Sobol);
        unseeded.Seed.Should().Be(99);
        unseeded.Rule.Should().Be(SamplingRule.Random);
        ((object)unseeded.Sample(3)).Should().Be(new RandomSampler(space, 99).Sample(3));
    }

    [Test]
    public void An_entry_the_sdk_does_not_model_is_refused_when_the_sampler_is_made()
    {
        var space = Of(("x", new UnrecognizedSearchSpaceParameter(FreeformValue.FromNode(null))));

        FluentActions.Invoking(() => new RandomSampler(space, 1)).Should().Throw<InvalidOperationException>().WithMessage("*'x'*");
    }

    [Test]
    public void Sobol_fills_the_unit_square_evenly_where_random_points_leave_holes()
    {
        // The first 256 points of a 2-D Sobol sequence are a (0, 8, 2)-net: one point in each of the 16 × 16 cells,
        // and the seed's digital shift keeps that. 256 independent points leave about 94 of the cells empty.
        var space = Of(("x", Uniform(0, 1)), ("y", Uniform(0, 1)));

        var sobol = CellCounts(new RandomSampler(space, 12, SamplingRule.Sobol).Samples(256));
        var random = CellCounts(new RandomSampler(space, 12, SamplingRule.Random).Samples(256));

        sobol.Should().OnlyContain(count => count == 1);
        random.Count(count => count == 0).Should().BeGreaterThan(60);
        StarDiscrepancy(new RandomSampler(space, 12, SamplingRule.Sobol).Samples(256))
            .Should().BeLessThan(StarDiscrepancy(new RandomSampler(space, 12, SamplingRule.Random).Samples(256)) / 2);
    }

    [Test]
    public void Sobol_covers_every_dimension_of_a_wide_space_evenly_and_a_space_wider_than_the_table_still_samples()
    {
        var wide = Of([.. Enumerable.Range(0, SobolSequence.MaxDimensions + 3).Select(i => ($"p{i}", (SearchSpaceParameter)Uniform(0, 1)))]);

        var trials = new RandomSampler(wide, 8, SamplingRule.Sobol).Samples(64).ToList();

        for (var d = 0; d < SobolSequence.MaxDimensions; d++)
        {
            // A 1-D projection of a 2^6-point prefix has exactly one point in each 1/64 slice.
            trials.Select(t => (int)(t[$"p{d}"].NumberValue * 64)).Should().OnlyHaveUniqueItems($"dimension {d}");
        }
        trials.Select(t => t[$"p{SobolSequence.MaxDimensions + 2}"].NumberValue).Should().OnlyContain(v => v > 0 && v < 1);
    }

    private static int[] CellCounts(IEnumerable<TrialParameters> trials)
    {
        var cells = new int[256];
        foreach (var t in trials) cells[(int)(t["x"].NumberValue * 16) * 16 + (int)(t["y"].NumberValue * 16)]++;
        return cells;
    }

    // The largest gap, over boxes [0, a) × [0, b) anchored at the origin with corners on a 64 × 64 lattice, between the
    // share of points inside and the box's area: a standard estimate of star discrepancy.
    private static double StarDiscrepancy(IEnumerable<TrialParameters> trials)
    {
        var points = trials.Select(t => (X: t["x"].NumberValue, Y: t["y"].NumberValue)).ToList();
        var worst = 0.0;
        for (var i = 1; i <= 64; i++)
        {
            for (var j = 1; j <= 64; j++)
            {
                double a = i / 64.0, b = j / 64.0;
                var inside = points.Count(p => p.X < a && p.Y < b) / (double)points.Count;
                worst = Math.Max(worst, Math.Abs(inside - a * b));
            }
        }
        return worst;
    }

    [Test]
    public void The_normal_quantile_matches_known_values_and_is_symmetric()
    {
        NormalQuantile.Of(0.5).Should().BeApproximately(0, 1e-12);
        NormalQuantile.Of(0.975).Should().BeApproximately(1.959963985, 1e-8);
        NormalQuantile.Of(0.01).Should().BeApproximately(-2.326347874, 1e-8);
        NormalQuantile.Of(1e-6).Should().BeApproximately(-4.753424309, 1e-7);
        NormalQuantile.Of(0.3).Should().BeApproximately(-NormalQuantile.Of(0.7), 1e-12);
        FluentActions.Invoking(() => NormalQuantile.Of(0)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => NormalQuantile.Of(1)).Should().Throw<ArgumentOutOfRangeException>();
    }
}
