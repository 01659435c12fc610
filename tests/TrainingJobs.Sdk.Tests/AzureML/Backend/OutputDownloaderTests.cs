using TrainingJobs.Sdk.AzureML.Backend;

namespace TrainingJobs.Sdk.Tests.AzureML.Backend;

/// <summary>
/// The two rules of <see cref="OutputDownloader"/> that need no storage: which blob names are refused (the emulator
/// tests download the ones Azurite can store), and where an output's datastore URI points.
/// </summary>
public sealed class OutputDownloaderTests
{
    [TestCase("../x")]
    [TestCase("/abs")]
    [TestCase("a/../../b")]
    [TestCase(@"a\b")]
    [TestCase(@"..\..\x")]
    [TestCase("a//b")]
    [TestCase("./a")]
    [TestCase("")]
    [TestCase("a\0b")]
    public void A_blob_name_that_could_leave_the_output_folder_is_refused(string relative) =>
        OutputDownloader.Refusal(relative).Should().NotBeNull();

    [TestCase("model.pt")]
    [TestCase("deep/er/model.pt")]
    [TestCase("..hidden/x..y")]
    [TestCase("a b/ü.txt")]
    public void An_ordinary_blob_name_is_kept(string relative) =>
        OutputDownloader.Refusal(relative).Should().BeNull();

    [Test]
    public void A_short_datastore_URI_names_its_datastore_and_path()
    {
        OutputDownloader.Place("azureml://datastores/workspaceblobstore/paths/azureml/${{name}}/${{output_name}}/", "job1", "model")
            .Should().Be(("workspaceblobstore", "azureml/job1/model"));
    }

    [Test]
    public void A_long_datastore_URI_names_its_datastore_and_path()
    {
        OutputDownloader.Place("azureml://subscriptions/s/resourcegroups/g/workspaces/w/datastores/mystore/paths/some%20dir/out", "j", "o")
            .Should().Be(("mystore", "some dir/out"));
    }

    [TestCase(null)]
    [TestCase("https://account.blob.core.windows.net/c/path")]
    [TestCase("azureml://datastores/workspaceblobstore/paths/${{inputs.x}}/out")]
    public void A_URI_that_names_no_datastore_path_leaves_the_default_places(string? uri) =>
        OutputDownloader.Place(uri, "j", "o").Should().BeNull();
}
