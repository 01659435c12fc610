using TrainingJobs.Sdk.Definitions;
using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.Validation;

/// <summary>TJ0013 (secret in the command), TJ0014 (secret in an env var), TJ0031 (secret elsewhere); secrets never leak.</summary>
public class SecretTests
{
    private static readonly string AccountKey = Convert.ToBase64String(Enumerable.Range(0, 64).Select(i => (byte)(i * 37 + 11)).ToArray());
    private static readonly string OtherAccountKey = Convert.ToBase64String(Enumerable.Range(0, 64).Select(i => (byte)(i * 53 + 7)).ToArray());

    /// <summary>A planted secret: how it is written in a command or env var, the part that must never show, and the words naming its kind.</summary>
    public sealed record Plant(string Kind, string Written, string Secret, string KindWords)
    {
        public override string ToString() => Kind;
    }

    private static IEnumerable<Plant> Plants()
    {
        var connection = $"DefaultEndpointsProtocol=https;AccountName=trainingdata42;AccountKey={AccountKey};EndpointSuffix=core.windows.net";
        yield return new Plant("connection string", connection, connection, "storage connection string");
        yield return new Plant("account key", OtherAccountKey, OtherAccountKey, "storage account key");
        var sas = "https://trainingdata42.blob.core.windows.net/raw/iris.csv?sv=2022-11-02&ss=b&srt=o&sp=r&se=2030-01-01T00:00:00Z&spr=https&sig=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZg%3D%3D";
        yield return new Plant("SAS", sas, sas, "shared access signature");
        const string bearer = "ya29.a0AfH6SMBx3kT9qZl2Vw8Ruh7Yp1Qm";
        yield return new Plant("bearer", "Bearer " + bearer, bearer, "bearer token");
        const string jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
        yield return new Plant("JWT", jwt, jwt, "JSON Web Token");
        const string pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\nVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n-----END RSA PRIVATE KEY-----";
        yield return new Plant("PEM", pem, pem, "private key");
        const string url = "postgresql://trainer:Sup3rS3cretPa55@db.internal.example:5432/features";
        yield return new Plant("URL password", url, url, "password in a URL");
    }

    [TestCaseSource(nameof(Plants))]
    public void A_secret_in_the_command_raises_a_TJ0013_warning_that_names_its_kind_and_never_shows_it(Plant plant)
    {
        var job = Samples.Command() with { Command = $"python train.py --setting \"{plant.Written}\" --lr ${{{{inputs.lr}}}}" };

        var diagnostics = job.Validate();

        var warning = diagnostics.Where(d => d.Code == ValidationCodes.SecretInCommand).Should().ContainSingle().Subject;
        warning.Severity.Should().Be(DiagnosticSeverity.Warning);
        warning.Path.Should().Be("command");
        warning.Message.Should().Contain(plant.KindWords);
        ShouldNotLeak(diagnostics, plant.Secret);
    }

    [TestCaseSource(nameof(Plants))]
    public void A_secret_in_an_environment_variable_raises_a_TJ0014_warning_that_names_its_kind_and_never_shows_it(Plant plant)
    {
        var job = Samples.Command() with { EnvironmentVariables = ValueMap.Of(("APP_SETTING", plant.Written), ("LOG_LEVEL", "INFO")) };

        var diagnostics = job.Validate();

        var warning = diagnostics.Where(d => d.Code == ValidationCodes.SecretInEnvironmentVariable).Should().ContainSingle().Subject;
        warning.Severity.Should().Be(DiagnosticSeverity.Warning);
        warning.Path.Should().Be("environment_variables.APP_SETTING");
        warning.Message.Should().Contain(plant.KindWords).And.Contain("APP_SETTING");
        ShouldNotLeak(diagnostics, plant.Secret);
    }

    [TestCaseSource(nameof(Plants))]
    public void A_secret_in_a_step_command_of_a_pipeline_is_found_and_not_shown_either(Plant plant)
    {
        var pipeline = Samples.Pipeline().WithStepJob("prep", job => ((CommandJob)job) with
        {
            Command = "python prep.py --in ${{inputs.raw_data}} --out ${{outputs.prepared}} --token '" + plant.Written + "'",
        });

        var diagnostics = pipeline.Validate();

        diagnostics.Should().ContainSingle(d => d.Code == ValidationCodes.SecretInCommand && d.Path == "jobs.prep.command");
        ShouldNotLeak(diagnostics, plant.Secret);
    }

    [TestCase("python train.py --data ${{inputs.data}} --lr 0.01")]
    [TestCase("curl -H \"Authorization: Bearer $TOKEN\" https://example.com/api && echo bearer token goes in the header")]
    [TestCase("git clone https://github.com/Azure/azureml-examples.git@main && pip install --index-url https://pypi.org/simple torch")]
    [TestCase("export AccountKey=$(az storage account keys list -n acct --query [0].value -o tsv) && python upload.py")]
    [TestCase("python upload.py --url \"https://acct.blob.core.windows.net/c?sv=2022-11-02&sig=<signature>\"")]
    [TestCase("psql postgresql://trainer:${PGPASSWORD}@db:5432/features -c 'select 1' && ssh://git@github.com:22/org/repo")]
    [TestCase("npm ci --integrity sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUR9zzvLrwK0nqZ7Eg==")]
    [TestCase("python -m torch.distributed.run --nproc_per_node 8 train.py --sig-figs 3 --checksum 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]
    public void Ordinary_commands_raise_no_secret_warning(string command)
    {
        (Samples.Command() with { Command = command }).With(ValidationCodes.SecretInCommand).Should().BeEmpty();
    }

    [TestCase("INFO")]
    [TestCase("Bearer $API_TOKEN")]
    [TestCase("https://user:${DB_PASSWORD}@db.internal.example/features")]
    [TestCase("DefaultEndpointsProtocol=https;AccountName=trainingdata42;EndpointSuffix=core.windows.net")]
    [TestCase("https://trainingdata42.blob.core.windows.net/raw/iris.csv")]
    public void Ordinary_environment_variable_values_raise_no_TJ0014(string value)
    {
        (Samples.Command() with { EnvironmentVariables = ValueMap.Of(("APP_SETTING", value)) })
            .With(ValidationCodes.SecretInEnvironmentVariable).Should().BeEmpty();
    }

    [Test]
    public void A_connection_string_is_reported_once_as_a_connection_string_not_also_as_an_account_key()
    {
        var job = Samples.Command() with { EnvironmentVariables = ValueMap.Of(("CONN", $"DefaultEndpointsProtocol=https;AccountName=a;AccountKey={AccountKey}")) };

        job.Validate().Should().ContainSingle(d => d.Code == ValidationCodes.SecretInEnvironmentVariable)
            .Which.Message.Should().Contain("connection string");
    }

    [Test]
    public void Secrets_in_input_paths_code_locations_and_tags_raise_TJ0031()
    {
        var sas = "https://acct.blob.core.windows.net/raw/iris.csv?sv=2022-11-02&sp=r&sig=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZg%3D%3D";
        var job = Samples.Command().WithInput("data", new AssetInput { Type = AssetType.UriFile, Path = sas }) with
        {
            Code = "git+https://builder:Sup3rS3cretPa55@github.com/org/repo.git",
            Tags = ValueMap.Of(("token", "Bearer ya29.a0AfH6SMBx3kT9qZl2Vw8Ruh7Yp1Qm")),
            Description = "Reads the features with postgresql://trainer:Sup3rS3cretPa55@db.internal.example/features",
        };

        var diagnostics = job.Validate();

        diagnostics.Where(d => d.Code == ValidationCodes.SecretInOtherField).Select(d => d.Path).Should()
            .BeEquivalentTo("inputs.data.path", "code", "tags.token", "description");
        ShouldNotLeak(diagnostics, sas);
        ShouldNotLeak(diagnostics, "Sup3rS3cretPa55");
    }

    [Test]
    public void Ordinary_input_paths_code_locations_and_tags_raise_no_TJ0031()
    {
        var job = Samples.Command().WithInput("data", new AssetInput { Type = AssetType.UriFile, Path = "https://azuremlexamples.blob.core.windows.net/datasets/iris.csv" }) with
        {
            Code = "git+https://github.com/Azure/azureml-examples.git@testBranch&subdirectory=subdirectory",
        };

        job.With(ValidationCodes.SecretInOtherField).Should().BeEmpty();
    }

    private static void ShouldNotLeak(IEnumerable<Diagnostic> diagnostics, string secret)
    {
        var texts = diagnostics.SelectMany(d => new[] { d.Message, d.Path, d.ToString() }).ToList();
        var leaked = Enumerable.Range(0, Math.Max(0, secret.Length - 7))
            .Select(start => secret.Substring(start, 8))
            .Where(window => texts.Any(t => t.Contains(window, StringComparison.Ordinal)))
            .ToList();
        leaked.Should().BeEmpty("no diagnostic may show any 8-character part of the secret");
    }
}
