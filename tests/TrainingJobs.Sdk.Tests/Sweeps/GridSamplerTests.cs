using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Sweeps;
using static TrainingJobs.Sdk.Tests.Sweeps.SearchSpaces;

namespace TrainingJobs.Sdk.Tests.Sweeps;

public class GridSamplerTests
{
    [Test]
    public void The_grid_is_every_combination_once_in_file_order_with_the_last_parameter_fastest()
    {
        var space = Of(("lr", Choice(0.1, 0.01, 0.001)), ("batch", Choice(16, 32)));

        var points = GridSampler.Enumerate(space).ToList();

        GridSampler.Count(space).Should().Be(6);
        points.Should().Equal(
            Trial(("lr", 0.1), ("batch", 16)), Trial(("lr", 0.1), ("batch", 32)),
            Trial(("lr", 0.01), ("batch", 16)), Trial(("lr", 0.01), ("batch", 32)),
            Trial(("lr", 0.001), ("batch", 16)), Trial(("lr", 0.001), ("batch", 32)));
    }

    [Test]
    public void A_nested_group_expands_its_own_grid_under_dotted_names_and_a_constant_gives_its_one_value()
    {
        var space = Of(
            ("model", Choice(
                Group(("kind", new ConstantParameter("svm")), ("c", Choice(0.5, 1.0))),
                "tree")),
            ("seed", Choice(1, 2)));

        var points = GridSampler.Enumerate(space).ToList();

        GridSampler.Count(space).Should().Be(6);
        points.Should().HaveCount(6).And.OnlyHaveUniqueItems();
        points.Should().Equal(
        [
            Trial(("model.kind", "svm"), ("model.c", 0.5), ("seed", 1)),
            Trial(("model.kind", "svm"), ("model.c", 0.5), ("seed", 2)),
            Trial(("model.kind", "svm"), ("model.c", 1.0), ("seed", 1)),
            Trial(("model.kind", "svm"), ("model.c", 1.0), ("seed", 2)),
            Trial(("model", "tree"), ("seed", 1)),
            Trial(("model", "tree"), ("seed", 2)),
        ]);
    }

    [Test]
    public void Values_keep_their_literal_types()
    {
        var point = GridSampler.Enumerate(Of(("x", Choice(10, 10.0, "10", true)))).ToList();

        point.Select(p => p["x"].Type).Should().Equal(LiteralType.Integer, LiteralType.Number, LiteralType.String, LiteralType.Boolean);
    }

    [Test]
    public void A_distribution_with_no_finite_grid_is_refused_at_the_call()
    {
        var space = Of(("lr", Uniform(0, 1)));

        FluentActions.Invoking(() => GridSampler.Enumerate(space)).Should().Throw<InvalidOperationException>().WithMessage("*'lr' is uniform*");
        FluentActions.Invoking(() => GridSampler.Count(space)).Should().Throw<InvalidOperationException>();
    }

    [Test]
    public void A_choice_with_no_values_makes_an_empty_grid()
    {
        var space = Of(("a", Choice(1, 2)), ("b", new ChoiceParameter()));

        GridSampler.Count(space).Should().Be(0);
        GridSampler.Enumerate(space).Should().BeEmpty();
    }

    [Test]
    public void A_huge_grid_is_counted_without_overflow_and_enumerated_lazily()
    {
        var wide = Choice([.. Enumerable.Range(0, 1000).Cast<object>()]);
        var space = Of(("a", wide), ("b", wide), ("c", wide), ("d", wide), ("e", wide), ("f", wide), ("g", wide));

        GridSampler.Count(space).Should().Be(long.MaxValue);
        GridSampler.Enumerate(space).Take(3).Select(p => p["g"].IntegerValue).Should().Equal(0, 1, 2);
    }
}
