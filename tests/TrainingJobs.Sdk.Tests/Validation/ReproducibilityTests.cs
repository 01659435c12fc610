using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.Validation;

/// <summary>TJ0015 (unversioned data), TJ0038 (data or code by name alone, an asset ARM id without a version), TJ0016 (unpinned environment), TJ0032 (unpinned component, trial or code).</summary>
public class ReproducibilityTests
{
    private static CommandJob WithData(string path) =>
        Samples.Command().WithInput("data", new AssetInput { Type = AssetType.UriFolder, Path = path });

    [TestCase("azureml:mydata@latest")]
    [TestCase("azureml://registries/shared/data/mydata/labels/latest")]
    [TestCase("azureml://registries/shared/data/mydata")]
    public void An_unversioned_data_reference_raises_a_TJ0015_warning(string path)
    {
        WithData(path).With(ValidationCodes.UnversionedDataReference).Should()
            .ContainSingle(d => d.Path == "inputs.data.path" && d.Severity == DiagnosticSeverity.Warning);
    }

    [TestCase("azureml:mydata")]
    [TestCase("AzureML:my-data_2")]
    public void A_data_reference_by_name_alone_is_error_TJ0038_and_not_also_TJ0015(string path)
    {
        var diagnostics = WithData(path).Validate();

        diagnostics.Where(d => d.Code == ValidationCodes.DataReferenceWithoutVersion).Should()
            .ContainSingle(d => d.Path == "inputs.data.path" && d.Severity == DiagnosticSeverity.Error)
            .Which.Message.Should().Contain("without a version or a label").And.Contain("azureml:<name>:<version>");
        diagnostics.Should().NotContain(d => d.Code == ValidationCodes.UnversionedDataReference);
    }

    [TestCase("azureml:mydata:3")]
    [TestCase("azureml:mydata@latest")]
    [TestCase("azureml://registries/shared/data/mydata")]
    [TestCase("azureml://datastores/workspaceblobstore/paths/iris/")]
    [TestCase("azureml:/subscriptions/x/resourceGroups/g/providers/Microsoft.MachineLearningServices/workspaces/w/data/d/versions/1")]
    [TestCase("./mydata")]
    public void A_versioned_labelled_or_non_asset_reference_raises_no_TJ0038(string path)
    {
        WithData(path).With(ValidationCodes.DataReferenceWithoutVersion).Should().BeEmpty();
    }

    [TestCase("azureml:mydata:3")]
    [TestCase("azureml://registries/shared/data/mydata/versions/3")]
    [TestCase("azureml://datastores/workspaceblobstore/paths/iris/")]
    [TestCase("https://azuremlexamples.blob.core.windows.net/datasets/iris.csv")]
    [TestCase("./data")]
    [TestCase("azureml:/subscriptions/x/resourceGroups/g/providers/Microsoft.MachineLearningServices/workspaces/w/data/d/versions/1")]
    public void A_versioned_or_non_asset_data_reference_raises_no_TJ0015(string path)
    {
        WithData(path).With(ValidationCodes.UnversionedDataReference).Should().BeEmpty();
    }

    [Test]
    public void An_unversioned_model_input_in_a_pipeline_step_raises_TJ0015_at_the_step()
    {
        var pipeline = Samples.Pipeline().WithStepJob("train",
            job => job.WithInput("training_data", new AssetInput { Type = AssetType.UriFolder, Path = "azureml:prepared@latest" }));

        pipeline.With(ValidationCodes.UnversionedDataReference).Should().ContainSingle(d => d.Path == "jobs.train.inputs.training_data.path");
    }

    [TestCase("azureml:AzureML-sklearn-1.0-ubuntu20.04-py38-cpu@latest")]
    [TestCase("azureml:my-env")]
    [TestCase("azureml://registries/azureml/environments/sklearn-1.5/labels/latest")]
    public void An_environment_by_label_or_without_version_raises_a_TJ0016_warning(string reference)
    {
        (Samples.Command() with { Environment = new EnvironmentReference(reference) }).With(ValidationCodes.UnpinnedEnvironment).Should()
            .ContainSingle(d => d.Path == "environment" && d.Severity == DiagnosticSeverity.Warning);
    }

    [TestCase("azureml:my-env:3")]
    [TestCase("azureml:myTestEnv:18.04:2022")]
    [TestCase("azureml://registries/azureml/environments/sklearn-1.5/versions/12")]
    [TestCase("file:../environment/env.yml")]
    public void A_pinned_environment_raises_no_TJ0016(string reference)
    {
        (Samples.Command() with { Environment = new EnvironmentReference(reference) }).With(ValidationCodes.UnpinnedEnvironment).Should().BeEmpty();
    }

    [TestCase("mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest")]
    [TestCase("python")]
    [TestCase("localhost:5000/team/trainer")]
    public void An_inline_image_without_a_tag_or_tagged_latest_raises_TJ0016_at_the_image(string image)
    {
        (Samples.Command() with { Environment = new InlineEnvironment { Image = image } }).With(ValidationCodes.UnpinnedEnvironment).Should()
            .ContainSingle(d => d.Path == "environment.image");
    }

    [TestCase("mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:20240101.v1")]
    [TestCase("localhost:5000/team/trainer:1.2")]
    [TestCase("python@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void An_inline_image_with_a_version_tag_or_digest_raises_no_TJ0016(string image)
    {
        (Samples.Command() with { Environment = new InlineEnvironment { Image = image } }).With(ValidationCodes.UnpinnedEnvironment).Should().BeEmpty();
    }

    [Test]
    public void A_component_by_label_raises_a_TJ0032_warning_and_a_pinned_one_does_not()
    {
        var labelled = Samples.Pipeline().WithStep("train", step => step with { Component = new ComponentReference { Reference = "azureml:train@latest" } });
        var pinned = Samples.Pipeline().WithStep("train", step => step with { Component = new ComponentReference { Reference = "azureml:train:7" } });

        labelled.With(ValidationCodes.UnpinnedComponentOrCode).Should().ContainSingle(d => d.Path == "jobs.train.component");
        pinned.With(ValidationCodes.UnpinnedComponentOrCode).Should().BeEmpty();
    }

    [Test]
    public void Unversioned_code_and_trial_references_raise_TJ0032()
    {
        (Samples.Command() with { Code = "azureml:train-code@latest" }).With(ValidationCodes.UnpinnedComponentOrCode).Should().ContainSingle(d => d.Path == "code");
        (Samples.Command() with { Code = "azureml:train-code:4" }).With(ValidationCodes.UnpinnedComponentOrCode).Should().BeEmpty();
        (Samples.Sweep() with { TrialReference = new ComponentReference { Reference = "azureml:trial@prod" } })
            .With(ValidationCodes.UnpinnedComponentOrCode).Should().ContainSingle(d => d.Path == "trial");
    }
    private const string Workspace = "/subscriptions/x/resourceGroups/g/providers/Microsoft.MachineLearningServices/workspaces/w";

    [TestCase("azureml:train-code")]
    [TestCase("AzureML:train_code-2")]
    public void Code_by_name_alone_is_error_TJ0038_and_not_also_TJ0032(string code)
    {
        var diagnostics = (Samples.Command() with { Code = code }).Validate();

        diagnostics.Where(d => d.Code == ValidationCodes.DataReferenceWithoutVersion).Should()
            .ContainSingle(d => d.Path == "code" && d.Severity == DiagnosticSeverity.Error)
            .Which.Message.Should().Contain("code asset without a version or a label").And.Contain("Either version or label is not provided");
        diagnostics.Should().NotContain(d => d.Code == ValidationCodes.UnpinnedComponentOrCode);
    }

    [TestCase("azureml:train-code@latest")]
    [TestCase("azureml:train-code:4")]
    [TestCase("azureml://registries/shared/codes/train-code")]
    [TestCase("./src")]
    [TestCase("git+https://github.com/org/repo.git")]
    public void Code_with_a_version_a_label_or_not_an_asset_raises_no_TJ0038(string code)
    {
        (Samples.Command() with { Code = code }).With(ValidationCodes.DataReferenceWithoutVersion).Should().BeEmpty();
    }

    [TestCase("environments/sklearn", "environment")]
    [TestCase("environments/sklearn/labels/latest", "environment")]
    [TestCase("codes/train-code", "code")]
    public void A_command_jobs_asset_arm_id_without_a_version_is_error_TJ0038(string tail, string path)
    {
        var id = "azureml:" + Workspace + "/" + tail;
        var job = path == "code" ? Samples.Command() with { Code = id } : Samples.Command() with { Environment = new EnvironmentReference(id) };
        var close = path == "code" ? Samples.Command() with { Code = id + "/versions/1" } : Samples.Command() with { Environment = new EnvironmentReference("azureml:" + Workspace + "/environments/sklearn/versions/1") };

        var diagnostics = job.Validate();

        diagnostics.Where(d => d.Code == ValidationCodes.DataReferenceWithoutVersion).Should()
            .ContainSingle(d => d.Path == path && d.Severity == DiagnosticSeverity.Error)
            .Which.Message.Should().Contain("ARM id without a version").And.Contain("/versions/<version>");
        diagnostics.Should().NotContain(d => d.Code == ValidationCodes.UnpinnedEnvironment || d.Code == ValidationCodes.UnpinnedComponentOrCode);
        close.Validate().Should().NotContain(d => d.Code == ValidationCodes.DataReferenceWithoutVersion);
    }

    [Test]
    public void A_component_or_trial_arm_id_without_a_version_is_error_TJ0038()
    {
        var component = Workspace + "/components/train";
        var step = Samples.Pipeline().WithStep("train", s => s with { Component = new ComponentReference { Reference = "azureml:" + component } });
        var pinned = Samples.Pipeline().WithStep("train", s => s with { Component = new ComponentReference { Reference = "azureml:" + component + "/versions/2" } });
        var trial = Samples.Sweep() with { TrialReference = new ComponentReference { Reference = component } };

        step.With(ValidationCodes.DataReferenceWithoutVersion).Should().ContainSingle(d => d.Path == "jobs.train.component");
        pinned.With(ValidationCodes.DataReferenceWithoutVersion).Should().BeEmpty();
        trial.With(ValidationCodes.DataReferenceWithoutVersion).Should().ContainSingle(d => d.Path == "trial");
    }
}
