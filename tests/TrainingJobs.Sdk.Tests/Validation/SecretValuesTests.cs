using TrainingJobs.Sdk.Validation;

namespace TrainingJobs.Sdk.Tests.Validation;

/// <summary>
/// The redaction of a job's text (its supervisor's messages, its streamed log lines): the values of its secret
/// variables wherever they stand in a line, then what the scanner recognises; nothing else changes, and a line without
/// any is returned as it is.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class SecretValuesTests
{
    private const string Token = "9f2c4e1a7b3d5f60a8c2e4b6d8f0a1c3";
    private const string Password = "correct-horse-battery";

    private static readonly SecretValues Secrets = SecretValues.Of(new Dictionary<string, string>
    {
        ["API_TOKEN"] = Token,
        ["DB_PASSWORD"] = Password,
        ["LEARNING_RATE"] = "0.001",
    });

    [TestCase(Token, "<redacted>")]
    [TestCase(Token + " is the token", "<redacted> is the token")]
    [TestCase("the token is " + Token, "the token is <redacted>")]
    [TestCase("a " + Token + " b", "a <redacted> b")]
    [TestCase("x" + Token + "y", "x<redacted>y")]
    public void A_value_is_replaced_at_the_start_the_end_the_middle_of_a_line_and_inside_a_word(string line, string expected) =>
        Secrets.Redact(line).Should().Be(expected);

    [Test]
    public void Several_values_and_repeats_of_one_are_all_replaced_even_back_to_back()
    {
        Secrets.Redact($"{Token} {Password} {Token}").Should().Be("<redacted> <redacted> <redacted>");
        Secrets.Redact(Token + Password + Token).Should().Be("<redacted><redacted><redacted>");
    }

    [Test]
    public void Of_two_values_starting_at_the_same_place_the_longer_is_replaced_whole()
    {
        var secrets = SecretValues.Of(new Dictionary<string, string> { ["A_KEY"] = "abcdefgh", ["B_KEY"] = "abcdefgh-longer" });

        secrets.Redact("see abcdefgh-longer and abcdefgh.").Should().Be("see <redacted> and <redacted>.");
    }

    [Test]
    public void Values_of_ordinary_variables_and_values_shorter_than_four_characters_are_left_alone()
    {
        var secrets = SecretValues.Of(new Dictionary<string, string> { ["API_KEY"] = "abc", ["EPOCHS"] = "1000", ["DB_PASSWORD"] = Password });

        secrets.Count.Should().Be(1);
        secrets.Redact("abc 1000 0.001 abcabc").Should().Be("abc 1000 0.001 abcabc");
    }

    [Test]
    public void A_value_the_scanner_calls_secret_is_a_secret_whatever_its_variables_name()
    {
        var key = Convert.ToBase64String(Enumerable.Range(0, 64).Select(i => (byte)(i * 7 + 3)).ToArray());
        var connection = $"DefaultEndpointsProtocol=https;AccountName=data;AccountKey={key};EndpointSuffix=core.windows.net";
        var secrets = SecretValues.Of(new Dictionary<string, string> { ["STORAGE"] = connection });

        secrets.Count.Should().Be(1);
        secrets.Redact("using " + connection).Should().Be("using <redacted>");
    }

    [Test]
    public void What_the_scanner_recognises_is_redacted_without_any_value()
    {
        var line = "auth: Bearer abcdefghij0123456789klmnop done";

        SecretValues.None.Redact(line).Should().Be("auth: <redacted> done");
    }

    [TestCase("epoch 3 loss 0.125 accuracy 0.97 on 10000 samples")]
    [TestCase("short")]
    [TestCase("")]
    public void A_line_without_secrets_is_returned_as_the_same_instance(string line)
    {
        SecretScanner.MayContainSecret(line).Should().BeFalse();
        Secrets.Redact(line).Should().BeSameAs(line);
    }

    [TestCase("see https://example.org/path for details")]
    [TestCase("AccountName=x;AccountKey=short")]
    public void A_line_with_a_detectors_literal_but_no_secret_passes_the_fast_check_and_is_kept(string line)
    {
        SecretScanner.MayContainSecret(line).Should().BeTrue();
        Secrets.Redact(line).Should().Be(line);
    }

    [Test]
    public void A_private_key_printed_over_several_lines_is_redacted_from_its_BEGIN_line_to_its_END_line()
    {
        var redactor = SecretValues.None.ForLines();
        string[] lines =
        [
            "before",
            "-----BEGIN RSA PRIVATE KEY-----",
            "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun",
            "VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK",
            "-----END RSA PRIVATE KEY----- tail",
            "after",
        ];

        lines.Select(redactor.Redact).Should().Equal("before", "<redacted>", "<redacted>", "<redacted>", "<redacted> tail", "after");
    }

    // The lines of a log as a chunk redacts them (one search of the whole chunk, then only the lines it points at).
    private static List<string> RedactAsChunk(SecretLineRedactor redactor, string[] lines)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");
        var redacted = new List<string>();
        redactor.BeginChunk(bytes, 0, bytes.Length);
        var start = 0;
        foreach (var line in lines)
        {
            var length = System.Text.Encoding.UTF8.GetByteCount(line);
            var text = System.Text.Encoding.UTF8.GetString(bytes, start, length);
            redacted.Add(redactor.NeedsRedaction(bytes, start, length) ? redactor.Redact(text) : text);
            start += length + 1;
        }
        return redacted;
    }

    private static readonly string[] MixedLog =
    [
        "epoch 1 loss 0.25",
        "using " + Token + " for the download",
        "plain line",
        "fetching https://user:hunter2hunter2@example.org/data",
        "==",
        "another plain line " + Password,
        "-----BEGIN PRIVATE KEY-----",
        "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun",
        "-----END PRIVATE KEY----- tail " + Token,
        "after",
        "sig=AAAAAAAAAAAAAAAAAAAAAAAA&x=1 ?sig=BBBBBBBBBBBBBBBBBBBBBBBB",
        "last plain line",
    ];

    [Test]
    public void A_chunk_of_ASCII_lines_is_redacted_as_line_by_line()
    {
        var expected = MixedLog.Select(Secrets.ForLines().Redact).ToList();

        RedactAsChunk(Secrets.ForLines(), MixedLog).Should().Equal(expected);
        expected.Should().NotContain(l => l.Contains(Token) || l.Contains(Password) || l.Contains("hunter2"));
    }

    [Test]
    public void A_chunk_with_non_ASCII_lines_is_redacted_as_line_by_line()
    {
        string[] lines = [.. MixedLog.Select((l, i) => i % 2 == 0 ? "ünïcödé ✓ " + l : l), "😀 " + Password + " 😀"];
        var expected = lines.Select(Secrets.ForLines().Redact).ToList();

        RedactAsChunk(Secrets.ForLines(), lines).Should().Equal(expected);
        expected.Should().NotContain(l => l.Contains(Token) || l.Contains(Password));
    }

    [Test]
    public void A_chunk_without_candidates_needs_no_line_redacted()
    {
        var redactor = Secrets.ForLines();
        var bytes = System.Text.Encoding.UTF8.GetBytes("epoch 1\nepoch 2 loss 0.5\n");
        redactor.BeginChunk(bytes, 0, bytes.Length);

        redactor.NeedsRedaction(bytes, 0, 7).Should().BeFalse();
        redactor.NeedsRedaction(bytes, 8, 17).Should().BeFalse();
    }
}
