using TrainingJobs.Sdk.Local;

namespace TrainingJobs.Sdk.Tests.Local;

/// <summary>Where the workspace is: an empty or blank TRAININGJOBS_HOME counts as unset.</summary>
public class WorkspaceHomeTests
{
    private static readonly string Default = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".trainingjobs");

    [TestCase("")]
    [TestCase("   ")]
    [TestCase("\t")]
    public void A_blank_TRAININGJOBS_HOME_means_the_default_folder(string value)
    {
        new LocalWorkspaceOptions().ResolveHome(_ => value).Should().Be(Default);
    }

    [TestCase("")]
    [TestCase("  ")]
    public void A_blank_Home_means_the_variable_or_the_default(string value)
    {
        new LocalWorkspaceOptions { Home = value }.ResolveHome(_ => null).Should().Be(Default);
        new LocalWorkspaceOptions { Home = value }.ResolveHome(_ => "/tmp/tj-home-from-variable").Should().Be("/tmp/tj-home-from-variable");
    }
}
