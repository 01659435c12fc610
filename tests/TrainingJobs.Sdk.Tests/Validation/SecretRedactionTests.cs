using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.Validation;

/// <summary>
/// The scanner's two other answers, used by the local backend to store and show definitions redacted: which variable
/// names say their value is a secret, and the text with every secret it finds replaced.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class SecretRedactionTests
{
    private static readonly string AccountKey = Convert.ToBase64String(Enumerable.Range(0, 64).Select(i => (byte)(i * 37 + 11)).ToArray());

    [TestCase("API_KEY")]
    [TestCase("WANDB_API_KEY")]
    [TestCase("APIKEY")]
    [TestCase("hf_token")]
    [TestCase("GITHUB_TOKENS")]
    [TestCase("CLIENT_SECRET")]
    [TestCase("DB_PASSWORD")]
    [TestCase("PGPASSWD")]
    [TestCase("STORAGE_SAS")]
    [TestCase("AZURE_STORAGE_CONNECTION_STRING")]
    [TestCase("ServiceBusConnectionString")]
    public void Names_that_say_secret_are_secret(string name) => SecretScanner.IsSecretName(name).Should().BeTrue();

    [TestCase("PATH")]
    [TestCase("PWD")]
    [TestCase("TOKENIZERS_PARALLELISM")]
    [TestCase("KEYBOARD_LAYOUT")]
    [TestCase("SASL_MECHANISM")]
    [TestCase("CUDA_VISIBLE_DEVICES")]
    [TestCase("LEARNING_RATE")]
    public void Ordinary_names_are_not(string name) => SecretScanner.IsSecretName(name).Should().BeFalse();

    [Test]
    public void A_connection_string_keeps_everything_but_its_key()
    {
        var text = $"DefaultEndpointsProtocol=https;AccountName=data42;AccountKey={AccountKey};EndpointSuffix=core.windows.net";

        SecretScanner.Redact(text).Should().Be("DefaultEndpointsProtocol=https;AccountName=data42;<redacted>;EndpointSuffix=core.windows.net");
    }

    [Test]
    public void A_private_key_is_redacted_from_its_BEGIN_to_its_END_line()
    {
        const string text = "key: -----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n-----END RSA PRIVATE KEY-----\nafter";

        SecretScanner.Redact(text).Should().Be("key: <redacted>\nafter");
    }

    [Test]
    public void A_private_key_without_an_END_line_is_redacted_to_the_end()
    {
        SecretScanner.Redact("-----BEGIN PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMx").Should().Be("<redacted>");
    }

    [Test]
    public void Signatures_tokens_and_url_passwords_are_replaced_and_the_rest_kept()
    {
        const string sas = "https://acct.blob.core.windows.net/c/f.csv?sv=2022-11-02&sp=r&sig=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZg%3D%3D";
        const string text = "curl '" + sas + "' -H 'Authorization: Bearer ya29.a0AfH6SMBx3kT9qZl2Vw8Ruh7Yp1Qm' postgres://me:hunter2secret@db/x";

        var redacted = SecretScanner.Redact(text);

        redacted.Should().NotContain("Zm9vYmFy").And.NotContain("ya29.a0AfH6").And.NotContain("hunter2secret");
        redacted.Should().StartWith("curl 'https://acct.blob.core.windows.net/c/f.csv?sv=2022-11-02&sp=r<redacted>'");
    }

    [Test]
    public void Text_without_a_secret_is_returned_as_it_is()
    {
        const string text = "python train.py --epochs 3 --data ${{inputs.data}}";

        SecretScanner.Redact(text).Should().BeSameAs(text);
    }
}
