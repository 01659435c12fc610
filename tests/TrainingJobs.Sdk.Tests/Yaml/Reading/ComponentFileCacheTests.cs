using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Yaml.Reading;

namespace TrainingJobs.Sdk.Tests.Yaml.Reading;

/// <summary>The component files of one load: read once, and a file being read is known, so a reference back to it is a cycle.</summary>
public sealed class ComponentFileCacheTests
{
    [Test]
    public void A_file_is_found_only_after_it_was_added_with_its_kind_and_first_path()
    {
        var cache = new ComponentFileCache();
        var definition = new ComponentDefinition { Name = "train", Body = new CommandJob() };

        cache.Find("/c/train.yml").Should().BeNull();
        cache.Add("/c/train.yml", definition, "command", "jobs.a.component");

        cache.Find("/c/train.yml").Should().Be(new CachedComponent(definition, "command", "jobs.a.component"));
        cache.Find("/c/other.yml").Should().BeNull();
    }

    [Test]
    public void An_unreadable_file_is_remembered_too_so_it_is_not_read_again()
    {
        var cache = new ComponentFileCache();

        cache.Add("/c/broken.yml", null, null, "jobs.a.component");

        cache.Find("/c/broken.yml").Should().NotBeNull().And.Be(new CachedComponent(null, null, "jobs.a.component"));
    }

    [Test]
    public void Files_being_loaded_nest_and_are_released_innermost_first()
    {
        var cache = new ComponentFileCache();

        cache.BeginLoading("/c/outer.yml");
        cache.BeginLoading("/c/inner.yml");
        cache.Depth.Should().Be(2);
        cache.IsLoading("/c/outer.yml").Should().BeTrue();

        cache.EndLoading();
        cache.IsLoading("/c/inner.yml").Should().BeFalse();
        cache.IsLoading("/c/outer.yml").Should().BeTrue();
        cache.EndLoading();
        cache.Depth.Should().Be(0);
    }
}
