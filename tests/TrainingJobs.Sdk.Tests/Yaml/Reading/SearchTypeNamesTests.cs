using TrainingJobs.Sdk.Yaml.Reading;

namespace TrainingJobs.Sdk.Tests.Yaml.Reading;

/// <summary>A search type within two edits of a modelled one is a typo; anything further may be a form the service knows.</summary>
public sealed class SearchTypeNamesTests
{
    [TestCase("unifrom", "uniform")]
    [TestCase("choise", "choice")]
    [TestCase("randit", "randint")]
    [TestCase("logunifrom", "loguniform")]
    public void Closest_suggests_the_modelled_name_for_a_near_miss(string typo, string meant) =>
        SearchTypeNames.Closest(typo).Should().Be(meant);

    [TestCase("categorical")]
    [TestCase("beta")]
    public void Closest_suggests_nothing_for_a_distant_name(string other) =>
        SearchTypeNames.Closest(other).Should().BeNull();

    [TestCase("uniform", true)]
    [TestCase("qlognormal", true)]
    [TestCase("Uniform", false)]
    [TestCase("beta", false)]
    public void IsModelled_knows_the_lower_case_names(string name, bool expected) =>
        SearchTypeNames.IsModelled(name).Should().Be(expected);

    [TestCase("kitten", "sitting", 3)]
    [TestCase("", "abc", 3)]
    [TestCase("same", "same", 0)]
    [TestCase("ab", "ba", 2)]
    public void EditDistance_counts_insertions_deletions_and_substitutions(string a, string b, int expected) =>
        SearchTypeNames.EditDistance(a, b).Should().Be(expected);
}
